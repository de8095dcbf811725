"""Every citizen page weighs at most 150 KB on the wire, map tiles aside.

pytest-django's `live_server` serves static files through Django's own handler, uncompressed.
Here the whole application answers, WhiteNoise included, with static files collected into a
temporary STATIC_ROOT as `massalia demo` and deployments do: what a visitor really downloads.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from django.core.management import call_command
from django.db import connections
from django.test.testcases import LiveServerThread
from django.test.utils import override_settings

from massalia.portal.tests.browser import sign_in
from massalia.portal.tests.test_browser_a11y_pages import Town, citizen_town, confirmation_path
from massalia.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 150_000


def _whole_application(handler: Any) -> Any:
    """No static handler in front: WhiteNoise, in the middleware, serves /static/."""
    return handler


def in_memory(connection: Any) -> bool:
    return bool(connection.is_in_memory_db())  # SQLite's wrapper only, hence Any


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, WHITENOISE_USE_FINDERS=False):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


@pytest.fixture(scope="module")
def app_server(collected: Path, django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """The whole application on a port of its own, for this module's tests (as live_server)."""
    with django_db_blocker.unblock():
        # An in-memory SQLite test database is shared with the server's threads.
        shared: dict[str, Any] = {
            c.alias: c for c in connections.all() if c.vendor == "sqlite" and in_memory(c)
        }
    # The stubs want a handler class; any callable wrapping the handler does.
    no_static_handler = cast(Any, _whole_application)
    thread = LiveServerThread("localhost", no_static_handler, connections_override=shared)
    thread.daemon = True
    for conn in shared.values():
        conn.inc_thread_sharing()
    with override_settings(ALLOWED_HOSTS=["localhost"]):
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        yield f"http://localhost:{thread.port}"
        thread.terminate()
    for conn in shared.values():
        conn.dec_thread_sharing()


@pytest.fixture
def town(transactional_db: Any) -> Town:
    return citizen_town()


def measure(page: Any, url: str) -> tuple[int, dict[str, int]]:
    """Bytes received (headers and bodies, as sent) for one page and everything it loads."""
    received: dict[str, int] = {}

    def count(request: Any) -> None:
        received[request.url] = _received(request)

    page.on("requestfinished", count)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if page.locator("[data-map-geojson]").count():
        page.locator(".leaflet-container").wait_for()
        page.wait_for_load_state("networkidle")
    page.remove_listener("requestfinished", count)
    return sum(received.values()), received


def assert_light(open_page: Any, base: str, paths: dict[str, str]) -> dict[str, int]:
    """Each page in a fresh context: nothing is in the browser's cache yet."""
    weights = {}
    for name, path in paths.items():
        total, parts = measure(open_page(), base + path)
        assert total > 0, name
        assert total <= BUDGET, f"{name} ({path}) weighs {total} bytes: {parts}"
        weights[name] = total
    return weights


def test_it_serves_static_files_compressed(page, app_server):
    response = page.request.get(
        f"{app_server}/static/leaflet/leaflet.js", headers={"Accept-Encoding": "gzip"}
    )
    assert response.ok
    assert response.headers.get("content-encoding") in {"gzip", "br"}


def test_every_citizen_page_weighs_at_most_150_kb(pages, app_server, town):
    paths = {**town.paths(), "confirmation": confirmation_path(town)}
    weights = assert_light(pages, app_server, paths)
    # The picker on the report form loads Leaflet too, once asked for.
    visitor = pages()
    _, parts = measure(visitor, f"{app_server}/signaler/tags/")
    visitor.on("requestfinished", lambda r: parts.__setitem__(r.url, _received(r)))
    visitor.get_by_role("button", name="Indiquer le lieu sur une carte").click()
    visitor.locator(".leaflet-container").wait_for()
    visitor.wait_for_load_state("networkidle")
    assert sum(parts.values()) <= BUDGET, parts

    citizen = pages()
    sign_in(citizen, app_server, login="alice@example.org", password=PASSWORD)
    state = citizen.context.storage_state()
    weights |= assert_light(lambda: pages(storage_state=state), app_server, town.signed_in_paths())
    assert weights["carte"] > weights["accueil"] + 40_000  # Leaflet was counted, compressed


def _received(request: Any) -> int:
    sizes = request.sizes()
    return int(sizes["responseHeadersSize"] + sizes["responseBodySize"])
