from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

# As the suite's `fast_passwords`, for a fixture that outlives one test.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _loaddemo(**options: object) -> str:
    out = StringIO()
    call_command("loaddemo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def loaddemo(db):
    """Run `massalia loaddemo` with the given options; return what it printed."""
    pytest.importorskip("massalia.territory.approximate")
    return _loaddemo


def loaded_once(**options: object) -> Any:
    """A module's fixture: `loaddemo` run once for all the module's tests, which only read it.

    As Django's `setUpTestData`: the load stays in a transaction rolled back after the module's
    last test, and each test (asking for `db` too) runs in a savepoint of it, so what a test
    writes is undone before the next. The fixture's value is what the command printed.
    """

    @pytest.fixture(scope="module")
    def fixture(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
        pytest.importorskip("massalia.territory.approximate")
        with (
            django_db_blocker.unblock(),
            override_settings(PASSWORD_HASHERS=FAST_HASHERS),
            transaction.atomic(),
        ):
            yield _loaddemo(**options)
            transaction.set_rollback(True)

    return fixture
