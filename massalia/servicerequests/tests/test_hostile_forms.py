"""Hostile inputs against the citizen pages (report form, sign-up, login and public lookups):
a page shown again with a French message, a redirect, or a 4xx — never a 500, nothing stored
half-way, and accepted text shown escaped."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from massalia.accounts.models import User
from massalia.core.tests.hostile import COORDINATES, IMG, SCRIPT, TEXTS, stored_counts
from massalia.servicerequests.models import ServiceRequest
from massalia.testing import INSIDE, PASSWORD

LAT, LON = INSIDE["NOAILLES"]
REPORT = "nid-de-poule"


@pytest.fixture
def alice(client, city):
    client.login(username="alice", password=PASSWORD)
    return client


def _report(**extra: Any) -> dict[str, Any]:
    data = {"description": "Trou profond", "latitude": LAT, "longitude": LON}
    data["attr_taille"] = "grand"
    data.update(extra)
    return data


def _report_url() -> str:
    return reverse("servicerequests:report_form", args=[REPORT])


def _assert_shown_again(response, before: dict[str, int]) -> str:
    """The form comes back (200) with an error message, and nothing was stored."""
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert 'aria-invalid="true"' in page or 'role="alert"' in page or "erreur" in page.lower()
    assert stored_counts() == before
    return page


@pytest.mark.parametrize("field", ["description", "address", "attr_taille"])
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_it_files_or_refuses_hostile_text_in_the_report_form(alice, field, name):
    before = stored_counts()
    response = alice.post(_report_url(), _report(**{field: TEXTS[name]}))
    if response.status_code == 302:
        filed = ServiceRequest.objects.get()
        assert "\x00" not in filed.description + filed.address
        page = alice.get(response["Location"])
        assert page.status_code == 200
        assert b"<script>alert(1)" not in page.content
        assert b"<img src=x" not in page.content
    else:
        _assert_shown_again(response, before)


@pytest.mark.parametrize("field", ["email", "name", "description"])
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_it_files_or_refuses_hostile_text_from_an_anonymous_citizen(client, city, field, name):
    before = stored_counts()
    data = _report(email="zoe@example.org", name="Zoé")
    data[field] = TEXTS[name]
    response = client.post(_report_url(), data)
    if response.status_code == 302:
        assert response["Location"] == reverse("servicerequests:report_sent")
        page = client.get(response["Location"])
        assert page.status_code == 200 and b"<script>alert(1)" not in page.content
    else:
        _assert_shown_again(response, before)


def test_it_shows_accepted_script_text_escaped(alice):
    response = alice.post(_report_url(), _report(description=f"Tag {SCRIPT} {IMG}"))
    page = alice.get(response["Location"]).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert SCRIPT not in page and IMG not in page


@pytest.mark.parametrize("name", sorted(COORDINATES))
def test_it_refuses_impossible_coordinates_with_a_message(alice, name):
    lat, lon = COORDINATES[name]
    before = stored_counts()
    response = alice.post(_report_url(), _report(latitude=lat, longitude=lon))
    page = _assert_shown_again(response, before)
    messages = ("Saisissez un nombre", "Coordonnées invalides", "en dehors du territoire")
    assert any(message in page for message in messages)


def test_it_refuses_a_form_over_the_upload_limit(alice, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    before = stored_counts()
    response = alice.post(_report_url(), _report(description="x" * 60_000))
    assert response.status_code == 400
    assert "Requête invalide" in response.content.decode()
    assert stored_counts() == before


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        pytest.param(
            b"description=%ED%A0%80&latitude=1", "application/x-www-form-urlencoded", id="surrogate"
        ),
        pytest.param(b"description=%FF%FE%00", "application/x-www-form-urlencoded", id="bad-utf8"),
        pytest.param(b'{"description": "x"}', "application/json", id="json"),
        pytest.param(b"<x>", "text/xml", id="xml"),
        pytest.param(
            b"--x\r\nContent-Disposition: form-data\r\n\r\n",
            "multipart/form-data; boundary=x",
            id="broken-multipart",
        ),
        pytest.param(b"a=1", "multipart/form-data", id="multipart-without-boundary"),
    ],
)
def test_it_answers_malformed_report_bodies_without_crashing(alice, body, content_type):
    before = stored_counts()
    response = alice.post(_report_url(), body, content_type=content_type)
    assert response.status_code in (200, 400)
    assert stored_counts() == before


def _signup(**extra: str) -> dict[str, str]:
    data = {
        "email": "nouvelle@example.org",
        "display_name": "Nouvelle",
        "password1": "Tr0mpette-Bleue",
        "password2": "Tr0mpette-Bleue",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("field", ["email", "display_name", "password"])
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_it_signs_up_or_refuses_hostile_text(client, city, field, name):
    users = User.objects.count()
    value = TEXTS[name]
    extra = {"password1": value, "password2": value} if field == "password" else {field: value}
    response = client.post(reverse("accounts:signup"), _signup(**extra))
    if response.status_code == 302:
        assert User.objects.count() == users + 1
        user = User.objects.get(email="nouvelle@example.org")
        assert "\x00" not in user.display_name
        page = client.get(reverse("accounts:my_account"))
        assert page.status_code == 200 and b"<script>alert(1)" not in page.content
    else:
        assert response.status_code == 400
        assert 'aria-invalid="true"' in response.content.decode()
        assert User.objects.count() == users


@pytest.mark.parametrize("field", ["username", "password"])
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_it_refuses_hostile_logins_with_a_message(client, city, field, name):
    data = {"username": "alice", "password": "mauvais"}
    data[field] = TEXTS[name]
    response = client.post(reverse("accounts:login"), data)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("url_name", ["accounts:login", "accounts:signup"])
def test_it_refuses_account_forms_over_the_upload_limit(client, city, settings, url_name):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    response = client.post(reverse(url_name), {"username": "x" * 60_000, "email": "x" * 60_000})
    assert response.status_code == 400
    assert "Requête invalide" in response.content.decode()


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_it_answers_hostile_lookups_without_crashing(client, city, name):
    value = TEXTS[name][:2000]
    nearby = reverse("servicerequests:nearby")
    assert client.get(nearby, {"type": value, "lat": LAT, "lon": LON}).status_code == 400
    assert client.get(nearby, {"type": REPORT, "lat": value, "lon": LON}).status_code == 400
    for url in (
        "servicerequests:requests",
        "servicerequests:requests_geojson",
        "servicerequests:map",
    ):
        for param in ("type", "group", "status", "arrondissement", "quartier", "period", "page"):
            assert client.get(reverse(url), {param: value}).status_code in (200, 404)
    token = value.replace("/", "")
    response = client.get(reverse("servicerequests:confirm_request", args=[token or "x"]))
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e309", "91", "-181"])
def test_it_answers_impossible_coordinates_on_the_duplicates_lookup(client, city, value):
    response = client.get(
        reverse("servicerequests:nearby"), {"type": REPORT, "lat": value, "lon": value}
    )
    assert response.status_code in (200, 400)
