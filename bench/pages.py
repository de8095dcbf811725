"""The weight of every citizen page: HTML plus the static files it loads, bytes on the wire.

Run as `python -m bench.pages OUT.json [PATH …]`. Two measures per page, both with an empty cache:

- `static`: the HTML, then every same-host `<link rel=stylesheet>`, `<script src>` and
  `<img src>` it names, fetched with `Accept-Encoding: gzip, br`; what a visitor without
  JavaScript downloads.
- `browser`: Chromium (Playwright) with JavaScript, once the network is idle; it adds what the
  scripts fetch (Leaflet, the map's GeoJSON). Anything not on loopback is aborted, so map tiles
  are excluded. Skipped when Chromium or Playwright is missing.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from bench import server
from bench.common import environment
from bench.open311 import DB
from bench.open311 import _prepare as prepare_open311_database

BUDGET = 150 * 1024  # a page above it is flagged as heavy
ACCEPT = {"Accept-Encoding": "gzip, br", "Accept-Language": "fr"}
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]  # fmt: skip
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_ASSETS = 50  # per page: a bound on the loop, far above what a page loads


def main(out: str, only: list[str]) -> None:
    prepare_open311_database()
    paths = only or _citizen_pages()
    port = server.free_port()
    env = {**os.environ, **environment(DB, "bench.settings")}
    # As `make demo` and a deployment do: collected static files with their gzip copies.
    subprocess.run(
        [sys.executable, "-m", "massalia", "collectstatic", "--noinput", "-v0"], env=env, check=True
    )
    process, label = server.start(port, env, workers=1, threads=4)
    result: dict[str, Any] = {"server": label, "budget_bytes": BUDGET, "database": DB}
    try:
        server.wait(port, process)
        result["pages"] = {path: _static_weight(port, path) for path in paths}
        result["browser"] = _browser_weights(port, paths)
    finally:
        server.stop(process)
    for path, page in result["pages"].items():
        seen = result["browser"].get(path, {}) if isinstance(result["browser"], dict) else {}
        heaviest = max(page["transferred_bytes"], seen.get("transferred_bytes", 0))
        page["over_budget"] = heaviest > BUDGET
        page["command"] = f".venv/bin/python -m bench.pages OUT.json {path}"
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


def _citizen_pages() -> list[str]:
    from massalia.servicerequests.models import RequestType, ServiceRequest

    code = (
        RequestType.objects.filter(is_active=True, is_public=True)
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )
    published = ServiceRequest.objects.published().order_by("-id").values_list("id", flat=True)
    pk = published.first()
    return ["/", "/signaler/", f"/signaler/{code}/", "/demandes/", "/carte/", f"/demandes/{pk}/",
            "/compte/connexion/", "/compte/inscription/"]  # fmt: skip


class _Assets(HTMLParser):
    """The stylesheets, scripts and images a page names, in order, without repeats."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        url = None
        if tag == "link" and "stylesheet" in (found.get("rel") or "").lower().split():
            url = found.get("href")
        elif tag in ("script", "img"):
            url = found.get("src")
        if url and url not in self.urls:
            self.urls.append(url)


def _fetch(port: int, path: str) -> dict[str, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=ACCEPT)
        response = connection.getresponse()
        body = response.read()
        headers = sum(len(k) + len(v) + 4 for k, v in response.getheaders())
    finally:
        connection.close()
    encoding = (response.getheader("Content-Encoding") or "identity").lower()
    decoded = gzip.decompress(body) if encoding == "gzip" else body
    return {
        "path": path,
        "status": response.status,
        "encoding": encoding,
        "transferred_bytes": len(body),
        "header_bytes": headers,
        "decoded_bytes": len(decoded) if encoding in ("gzip", "identity") else None,
        "body": decoded,
    }


def _static_weight(port: int, path: str) -> dict[str, Any]:
    page = _fetch(port, path)
    parser = _Assets()
    parser.feed(page.pop("body").decode("utf-8", "replace"))
    base = f"http://127.0.0.1:{port}{path}"
    assets = []
    for url in parser.urls[:MAX_ASSETS]:
        absolute = urlsplit(urljoin(base, url))
        if absolute.hostname not in LOOPBACK or absolute.port != port:
            continue  # another host: never fetched (and pages must not have any)
        asset = _fetch(port, absolute.path + (f"?{absolute.query}" if absolute.query else ""))
        asset.pop("body")
        assets.append(asset)
    files = [page, *assets]
    return {
        "status": page["status"],
        "html_bytes": page["transferred_bytes"],
        "html_encoding": page["encoding"],
        "assets": assets,
        "transferred_bytes": sum(f["transferred_bytes"] for f in files),
        "with_headers_bytes": sum(f["transferred_bytes"] + f["header_bytes"] for f in files),
        "decoded_bytes": sum(f["decoded_bytes"] or 0 for f in files),
    }


def _browser_weights(port: int, paths: list[str]) -> dict[str, Any] | str:
    if not CHROMIUM.exists():
        return f"skipped: {CHROMIUM} is not installed"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "skipped: playwright is not installed"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            return {path: _browser_weight(browser, port, path) for path in paths}
        finally:
            browser.close()


def _browser_weight(browser: Any, port: int, path: str) -> dict[str, Any]:
    """One visit with an empty cache; bytes are the encoded bodies Chromium received."""
    context = browser.new_context(locale="fr-FR")
    blocked: list[str] = []

    def only_loopback(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).hostname in LOOPBACK or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", only_loopback)
    finished: list[Any] = []
    page = context.new_page()
    page.on("requestfinished", lambda request: finished.append(request))
    try:
        page.goto(f"http://127.0.0.1:{port}{path}", wait_until="networkidle", timeout=30_000)
        files = []
        for request in finished:
            sizes = request.sizes()
            files.append({"url": urlsplit(request.url).path,
                          "transferred_bytes": sizes["responseBodySize"],
                          "header_bytes": sizes["responseHeadersSize"]})  # fmt: skip
    finally:
        context.close()
    return {
        "requests": len(files),
        "files": files,
        "transferred_bytes": sum(f["transferred_bytes"] for f in files),
        "with_headers_bytes": sum(f["transferred_bytes"] + f["header_bytes"] for f in files),
        "blocked_requests": len(blocked),
    }


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
