"""Reusable browser-test fixtures: Debian's Chromium through Playwright, loopback only.

The fixtures (browser, context, page, pages, nojs_context, nojs_page) are made available to
every test by the project's root conftest.py: one definition, so one Playwright and one
Chromium for the whole session (two sync Playwrights cannot run in one thread). Tests import
the helpers they need:

    from massalia.portal.tests.browser import assert_accessible, sign_in

and are marked `@pytest.mark.browser`; they need `live_server` (hence `transactional_db`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
BLOCKING = {"serious", "critical"}
PHONE = {"width": 390, "height": 844}

# The Playwright sync API runs an event loop in the test thread; Django's ORM calls made by
# the test itself (fixtures, assertions) must still be allowed there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _only_loopback(route: Any) -> None:
    """Let requests to this machine through; abort everything else (map tiles included)."""
    host = urlsplit(route.request.url).hostname or ""
    if host in LOOPBACK or route.request.url.startswith(("data:", "blob:")):
        route.continue_()
    else:
        route.abort()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("MASSALIA_REQUIRE_BROWSER") == "1":
            pytest.fail(f"MASSALIA_REQUIRE_BROWSER=1 but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def new_context(browser: Any, **options: Any) -> Any:
    """A fresh browser context (cookies, storage) in French that never leaves the machine."""
    options.setdefault("locale", "fr-FR")
    context = browser.new_context(**options)
    # Remembered so that assert_accessible knows axe cannot run in this context.
    context.massalia_no_js = options.get("java_script_enabled") is False
    context.route("**/*", _only_loopback)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = new_context(browser)
    yield ctx
    ctx.close()


@pytest.fixture
def pages(browser: Any) -> Iterator[Any]:
    """A factory of pages, each in its own context (one person each), all closed afterwards."""
    opened: list[Any] = []

    def open_page(**options: Any) -> Any:
        ctx = new_context(browser, **options)
        opened.append(ctx)
        return ctx.new_page()

    yield open_page
    for ctx in opened:
        ctx.close()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


@pytest.fixture
def nojs_context(browser: Any) -> Iterator[Any]:
    ctx = new_context(browser, java_script_enabled=False)
    yield ctx
    ctx.close()


@pytest.fixture
def nojs_page(nojs_context: Any) -> Any:
    return nojs_context.new_page()


def assert_accessible(page: Any) -> None:
    """Run axe-core on the current page; fail on any serious or critical violation.

    In a context without JavaScript, axe (which needs timers) checks a copy of the page's
    HTML served to a scripted context whose own page scripts are blocked, so the DOM checked
    is the one a visitor without JavaScript gets.
    """
    if getattr(page.context, "massalia_no_js", False):
        _check_static_copy(page)
    else:
        _check(page)


def _check_static_copy(page: Any) -> None:
    html, url = page.content(), page.url
    ctx = new_context(page.context.browser, viewport=page.viewport_size)

    def serve(route: Any) -> None:
        if route.request.url == url:
            route.fulfill(body=html, content_type="text/html; charset=utf-8")
        elif route.request.resource_type == "script":
            route.abort()
        else:
            _only_loopback(route)

    ctx.route("**/*", serve)
    try:
        copy = ctx.new_page()
        copy.goto(url)
        _check(copy)
    finally:
        ctx.close()


def _check(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in BLOCKING]
    details = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
        for v in bad
    ]
    assert not bad, f"axe violations on {page.url}:\n" + "\n".join(details)


def open_menu(page: Any) -> None:
    """Open the main menu where it is folded into its button (a phone's width)."""
    button = page.locator("details.menu > summary")
    if button.is_visible() and page.locator("details.menu[open]").count() == 0:
        button.click()


def sign_in(page: Any, base_url: str, *, login: str, password: str) -> None:
    """Sign in through the real login page (login: an email or a username)."""
    page.goto(f"{base_url}/compte/connexion/")
    page.get_by_label("Adresse email ou identifiant").fill(login)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/compte/connexion/" not in url)
