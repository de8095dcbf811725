"""The alert form: a quartier or an address in the city; anything else is refused in French
with a 400, and nothing is stored."""

from __future__ import annotations

import html

import pytest
from django.core import mail

from massalia.servicerequests.models import AreaAlert

pytestmark = pytest.mark.usefixtures("fresh_indexes")
URL = "/alertes/"


def _post(client, **fields):
    data = {"area": "quartier", "radius": "500", "frequency": "immediately", **fields}
    return client.post(URL, data)


def _refused(response, message: str) -> None:
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert not AreaAlert.objects.exists()


def test_it_offers_the_form_with_the_quartier_of_the_link(client, city):
    noailles = city.quartiers["NOAILLES"]

    response = client.get(f"{URL}?quartier={noailles.pk}")

    page = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{noailles.pk}" selected>' in page
    assert 'name="email"' in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"quartier": ""}, "Choisissez un quartier."),
        ({"quartier": "999999"}, "Ce quartier n'existe pas."),
        ({"quartier": "1 OR 1=1"}, "Ce quartier n'existe pas."),
        ({"area": "partout"}, "Choisissez un quartier ou une adresse."),
        ({"area": "adresse", "address": ""}, "Indiquez une adresse."),
        ({"area": "adresse", "address": "zzzqqq wxy"}, "Adresse introuvable"),
        ({"area": "adresse", "address": "x" * 300}, "Cette adresse est trop longue"),
        ({"area": "adresse", "address": "La Joliette", "radius": "50000"}, "des rayons proposés"),
        ({"area": "adresse", "address": "La Joliette", "radius": ""}, "des rayons proposés"),
        ({"groups": ["<script>alert(1)</script>"]}, "Ce thème n'existe pas."),
        ({"frequency": "never"}, "Choisissez quand recevoir les alertes."),
        ({"email": "pas-une-adresse"}, "Saisissez une adresse email valide."),
        ({"email": "a@example.org\nBcc: x@y.test"}, "Saisissez une adresse email valide."),
        ({"email": ""}, "Indiquez votre adresse email"),
    ],
)
def test_it_refuses_bad_input_in_french_and_stores_nothing(client, city, fields, message):
    fields.setdefault("email", "voisine@example.org")
    fields.setdefault("quartier", str(city.quartiers["NOAILLES"].pk))

    _refused(_post(client, **fields), message)
    assert mail.outbox == []


def test_it_refuses_a_nul_byte_in_the_address(client, city):
    response = _post(client, area="adresse", address="rue\x00de Rome", email="v@example.org")

    assert response.status_code == 400
    assert not AreaAlert.objects.exists()


def test_it_asks_an_anonymous_person_to_confirm_by_email(client, city, on_commit):
    with on_commit():
        response = _post(
            client, area="adresse", address="La Joliette", radius="1000", email="V@Example.org"
        )

    assert response.status_code == 302
    alert = AreaAlert.objects.get()
    assert (alert.email, alert.radius_m, alert.confirmed_at) == ("v@example.org", 1000, None)
    assert [m.to for m in mail.outbox] == [["v@example.org"]]
    assert f"/alertes/confirmer/{alert.token}/?frequence=immediately" in mail.outbox[0].body
    page = client.get(response["Location"]).content.decode()
    assert "v@example.org" in page


def test_it_subscribes_a_signed_in_person_at_once(client, city, on_commit):
    client.force_login(city.people["dave"])
    with on_commit():
        response = _post(client, quartier=str(city.quartiers["NOAILLES"].pk), groups=["Voirie"])

    assert response.status_code == 302 and response["Location"] == "/mes-alertes/"
    alert = AreaAlert.objects.get()
    assert alert.user == city.people["dave"] and alert.confirmed_at is not None
    assert alert.groups == ["Voirie"]
    assert mail.outbox == []
