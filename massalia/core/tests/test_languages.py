"""The site in French, English and Arabic: a link per language, the choice remembered, Arabic
laid out right to left; French for whoever names none of them."""

from __future__ import annotations

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def _html_tag(body: str) -> str:
    return body[body.index("<html") : body.index(">", body.index("<html")) + 1]


def test_french_is_the_default(client):
    body = client.get("/").content.decode()
    assert _html_tag(body) == '<html lang="fr" dir="ltr">'
    assert "Signaler un problème" in body


def test_a_link_chooses_arabic_and_the_page_reads_right_to_left(client):
    response = client.get("/langue/ar/", {"suivant": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    body = client.get("/").content.decode()
    assert _html_tag(body) == '<html lang="ar" dir="rtl">'
    assert "الإبلاغ عن مشكلة" in body  # "Signaler un problème"
    assert "Signaler un problème" not in body
    assert 'lang="fr" hreflang="fr">Français</a>' in body  # the way back, in its own name
    assert 'hreflang="ar" aria-current="true">العربية</a>' in body


def test_the_browser_language_is_used_until_a_choice_is_made(client):
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8").content.decode()
    assert _html_tag(body) == '<html lang="en" dir="ltr">'
    assert "Report a problem" in body
    client.get("/langue/fr/", {"suivant": "/"})
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8").content.decode()
    assert "Signaler un problème" in body


def test_each_link_comes_back_to_the_page_it_was_on(client):
    body = client.get("/demandes/?page=2").content.decode()
    assert 'href="/langue/en/?suivant=%2Fdemandes%2F%3Fpage%3D2"' in body


@pytest.mark.parametrize("target", ["https://example.org/", "//example.org/x", ""])
def test_it_never_sends_elsewhere(client, target):
    response = client.get("/langue/en/", {"suivant": target})
    assert response.status_code == 302 and response["Location"] == "/"


def test_an_unknown_language_is_a_clear_404(client):
    response = client.get("/langue/xx/", {"suivant": "/"})
    assert response.status_code == 404
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_agents_pages_stay_in_french_whatever_the_browser_asks(client):
    from massalia.testing import build_city

    city = build_city()
    client.force_login(city.people["bob"])  # an agent of the roads department
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    response = client.get("/agents/", HTTP_ACCEPT_LANGUAGE="ar")
    body = response.content.decode()
    assert response.status_code == 200
    assert _html_tag(body) == '<html lang="fr" dir="ltr">'
    assert 'class="languages"' not in body  # no choice offered where there is none
    assert "العربية" not in body
    assert 'class="languages"' in client.get("/").content.decode()  # the citizens' pages


def test_every_french_only_area_is_a_real_prefix_of_the_site():
    """A prefix that no longer matches any page would silently let an agents' page switch."""
    from massalia.portal.tests.test_permission_matrix_all import named_urls

    urls = {reverse_or_none(name) for name in named_urls() | {"admin:index"}}
    for prefix in settings.FRENCH_ONLY_PATHS:
        assert any(url and url.startswith(prefix) for url in urls), prefix


def reverse_or_none(name: str) -> str | None:
    from django.urls import NoReverseMatch, reverse

    for args in ([], [1], ["x"], ["x", 1]):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None
