"""Every page sends a strict Content-Security-Policy and carries no inline script or style."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

from massalia.core.security.headers import content_security_policy, tile_source
from massalia.servicerequests import services
from massalia.servicerequests.models import ServiceRequest
from massalia.testing import INSIDE, PASSWORD


class InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, <style>, style= and on*=."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name.lower() for name, _ in attrs}
        if tag == "script" and "src" not in names and dict(attrs).get("type") != "application/json":
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        self.found += [f"<{tag} {n}=>" for n in names if n == "style" or n.startswith("on")]


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


@pytest.fixture
def filed(city) -> ServiceRequest:
    lat, lon = INSIDE["BELSUNCE"]
    return services.submit_request(
        request_type=city.types["lampadaire"],
        description="Lampadaire éteint <script>alert(1)</script>",
        latitude=lat,
        longitude=lon,
        requester=city.people["alice"],
    )


def citizen_pages(filed: ServiceRequest) -> list[str]:
    return [
        "/",
        "/signaler/",
        "/signaler/nid-de-poule/",
        "/demandes/",
        "/carte/",
        "/signaler/envoye/",
        "/confirmer/inconnu/",
        f"/demandes/{filed.pk}/",
        "/compte/connexion/",
        "/compte/inscription/",
        "/page-qui-n-existe-pas/",
        "/admin/login/",
    ]


def test_it_sends_the_strict_policy_on_every_citizen_page(client: Client, filed):
    for url in citizen_pages(filed):
        response = client.get(url, follow=True)
        assert response.status_code in (200, 404), url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self';" in policy, url
        assert "frame-ancestors 'none'" in policy, url
        assert "object-src 'none'" in policy, url
        assert "unsafe-inline" not in policy, url
        assert "geolocation=(self)" in response["Permissions-Policy"], url
        assert "camera=()" in response["Permissions-Policy"], url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url


def test_it_finds_no_inline_script_or_style_on_citizen_pages(client: Client, filed):
    for url in citizen_pages(filed):
        html = client.get(url, follow=True).content.decode("utf-8")
        assert inline_code(html) == [], url


def test_it_finds_no_inline_code_on_signed_in_pages(client: Client, filed, city):
    assert client.login(username="alice", password=PASSWORD)
    for url in ["/mes-demandes/", f"/demandes/{filed.pk}/", "/signaler/lampadaire/"]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert "Content-Security-Policy" in response
        assert inline_code(response.content.decode("utf-8")) == [], url


def test_it_finds_no_inline_code_on_agent_pages(client: Client, filed, city):
    assert client.login(username="erin", password=PASSWORD)
    for url in ["/agents/", f"/agents/demandes/{filed.pk}/"]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert "Content-Security-Policy" in response
        assert inline_code(response.content.decode("utf-8")) == [], url


def test_it_escapes_user_text_in_pages(client: Client, filed):
    html = client.get(f"/demandes/{filed.pk}/").content.decode("utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_it_detects_inline_code():
    html = (
        '<p style="color:red" onclick="x()">a</p><script>x()</script><script src="/a.js"></script>'
    )
    assert sorted(inline_code(html)) == ["<p onclick=>", "<p style=>", "<script> without src"]


def test_it_allows_map_tiles_from_the_configured_host():
    assert tile_source("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == (
        "https://tile.openstreetmap.org"
    )
    assert tile_source("https://{s}.tile.example.fr/{z}/{x}/{y}.png") == (
        "https://*.tile.example.fr"
    )
    assert tile_source("/tuiles/{z}/{x}/{y}.png") == ""
    policy = content_security_policy("https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    assert "img-src 'self' data: https://tile.openstreetmap.org;" in policy
