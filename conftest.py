import os
import time
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM must still work there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The browser fixtures, defined once for the whole suite (massalia/portal/tests/browser.py).
from massalia.portal.tests.browser import (  # noqa: F401
    browser,
    context,
    nojs_context,
    nojs_page,
    page,
    pages,
)

SHARED = Path(__file__).resolve().parent.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Tests create many accounts; a real password hash would dominate their run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def french_to_start_with():
    """Each test starts in the site's language: a request in English or Arabic leaves its
    language active in the test's thread, which would leak into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """Counters live in the cache across tests; the rate-limit tests switch them back on."""
    settings.RATELIMIT_ENABLED = False


@pytest.fixture
def limits(settings, monkeypatch):
    """Rate limits on, with fresh counters (the cache outlives a single test).

    The clock is pinned 20 s into an hour, so a test's hits never straddle two windows.
    """
    from django.core.cache import cache

    from massalia.core.security import ratelimit

    pinned = (time.time() // 3600) * 3600 + 20.0
    monkeypatch.setattr(ratelimit, "clock", lambda: pinned)
    cache.clear()
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMIT_RATES = {}
    yield settings
    cache.clear()


@pytest.fixture
def fresh_indexes():
    """The in-memory territory indexes outlive a test's rolled-back transaction: start clean."""
    from massalia.territory import gazetteer, geo

    geo.invalidate()
    gazetteer.invalidate()
    yield
    geo.invalidate()
    gazetteer.invalidate()


@pytest.fixture
def city(db):
    from massalia.testing import build_city

    return build_city()


@pytest.fixture
def shared_data() -> Path:
    """The folder of real public data beside the project; skip (or fail in CI) without it."""
    if not SHARED.is_dir():
        if os.environ.get("MASSALIA_REQUIRE_SHARED") == "1":
            pytest.fail(f"MASSALIA_REQUIRE_SHARED=1 but {SHARED} is missing")
        pytest.skip("the shared data folder (../shared/data) is not present")
    return SHARED


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run after-commit work (event deliveries, emails) as it runs in production."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, the test database is a file, as in production, not a shared in-memory one:
    then threads with their own connections wait for each other's writes (the busy timeout)
    instead of failing at once with "database table is locked"."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and not database["TEST"].get("NAME"):
        database["TEST"]["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")
