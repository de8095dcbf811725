"""The report form's address lookup: suggestions as one types, a point's street and quartier,
and every input it cannot read refused in French."""

from __future__ import annotations

import pytest
from django.urls import reverse

from massalia.core.tests.hostile import COORDINATES, TEXTS, stored_counts
from massalia.territory import gazetteer
from massalia.territory.models import Street
from massalia.testing import INSIDE, OUTSIDE

URL = reverse("servicerequests:report_address")


@pytest.fixture
def streets(city, fresh_indexes):
    lat, lon = INSIDE["BELSUNCE"]
    belsunce, joliette = city.quartiers["BELSUNCE"], city.quartiers["LA JOLIETTE"]
    Street.objects.create(
        name="La Canebière", normalized="canebiere", quartier=belsunce, latitude=lat, longitude=lon
    )
    lat, lon = INSIDE["LA JOLIETTE"]
    Street.objects.create(
        name="Rue de la République",
        normalized=gazetteer.normalize("Rue de la République"),
        quartier=joliette,
        latitude=lat,
        longitude=lon,
    )
    gazetteer.invalidate()
    return city


def test_it_reads_a_point_as_its_nearest_street_and_quartier(client, streets):
    lat, lon = INSIDE["BELSUNCE"]
    data = client.get(URL, {"latitude": lat + 0.001, "longitude": lon}).json()
    assert data["found"]["address"] == "La Canebière"
    assert data["found"]["label"] == "La Canebière, Belsunce (1er)"
    assert data["found"]["text"] == "Adresse trouvée : La Canebière, Belsunce (1er)"
    assert data["found"]["quartier_id"] == streets.quartiers["BELSUNCE"].pk
    assert data["message"] == ""


def test_it_says_when_a_point_is_outside_the_city(client, streets):
    data = client.get(URL, {"latitude": OUTSIDE[0], "longitude": OUTSIDE[1]}).json()
    assert data == {"found": None, "message": "Ce point est hors du territoire de la ville."}


def test_it_suggests_streets_and_finds_the_address_typed(client, streets):
    data = client.get(URL, {"q": "42 la canebiere"}).json()
    assert data["suggestions"][0]["value"] == "42 La Canebière, 13001"
    assert data["suggestions"][0]["label"] == "Belsunce"
    assert data["found"]["label"] == "42 La Canebière, Belsunce (1er)"
    assert (data["found"]["latitude"], data["found"]["longitude"]) == INSIDE["BELSUNCE"]
    # The value suggested is itself understood as the same place.
    again = client.get(URL, {"q": data["suggestions"][0]["value"]}).json()
    assert again["found"]["label"] == "42 La Canebière, Belsunce (1er)"


def test_it_says_an_address_was_not_found(client, streets):
    data = client.get(URL, {"q": "zzqx wvvv"}).json()
    assert data["found"] is None
    assert data["message"].startswith("Adresse introuvable : « zzqx wvvv »")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "Paramètres attendus : q, ou latitude et longitude."),
        ({"latitude": "43.3"}, "Paramètres attendus : q, ou latitude et longitude."),
        ({"latitude": "nord", "longitude": "5.3"}, "Paramètres attendus"),
        ({"latitude": "nan", "longitude": "5.3"}, "Coordonnées invalides."),
        ({"latitude": "91", "longitude": "5.3"}, "Coordonnées invalides."),
        ({"latitude": "43.3", "longitude": "-inf"}, "Coordonnées invalides."),
        ({"q": ""}, "Le paramètre q doit être une adresse de 1 à 250 caractères."),
        ({"q": "   "}, "Le paramètre q doit être une adresse de 1 à 250 caractères."),
        ({"q": "r" * 251}, "Le paramètre q doit être une adresse de 1 à 250 caractères."),
    ],
)
def test_it_refuses_what_it_cannot_read_in_french(client, streets, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response.json()["error"].startswith(message)


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_it_answers_hostile_text_without_crashing_or_storing(client, streets, name):
    before = stored_counts()
    value = TEXTS[name][:250]
    for params in ({"q": value}, {"latitude": value, "longitude": value}):
        response = client.get(URL, params)
        assert response.status_code in (200, 400), params
        assert "error" in response.json() or "found" in response.json()
    assert stored_counts() == before


@pytest.mark.parametrize("name", sorted(COORDINATES))
def test_it_answers_hostile_coordinates(client, streets, name):
    lat, lon = COORDINATES[name]
    response = client.get(URL, {"latitude": lat, "longitude": lon})
    assert response.status_code in (200, 400)
    assert response.json()["found"] is None if response.status_code == 200 else True


def test_it_is_read_only(client, streets):
    assert client.post(URL, {"q": "canebiere"}).status_code == 405


def test_it_is_rate_limited(client, streets, limits):
    limits.RATELIMIT_RATES = {"report-address": "3/h"}
    codes = [client.get(URL, {"q": "canebiere"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
