"""Without the page's script, "Vérifier l'adresse" reads the place back and files nothing."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from massalia.servicerequests.models import ServiceRequest
from massalia.territory import gazetteer
from massalia.territory.models import Street
from massalia.testing import INSIDE, OUTSIDE, PASSWORD

URL = reverse("servicerequests:report_form", args=["tags"])


@pytest.fixture
def signed_in(client, city, fresh_indexes):
    lat, lon = INSIDE["BELSUNCE"]
    Street.objects.create(
        name="La Canebière",
        normalized="canebiere",
        quartier=city.quartiers["BELSUNCE"],
        latitude=lat,
        longitude=lon,
    )
    gazetteer.invalidate()
    assert client.login(username="alice", password=PASSWORD)
    return client


def verify(client, **fields) -> str:
    response = client.post(URL, {"verifier-adresse": "1", **fields})
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_it_reads_the_address_back_and_files_nothing(signed_in):
    page = verify(signed_in, description="Tags sur la façade", address="42 la canebiere")
    assert "Adresse trouvée : <bdi>42 La Canebière, Belsunce (1er)</bdi>" in page
    assert not ServiceRequest.objects.exists()
    # The form comes back as typed, with nothing said yet about what is missing.
    assert "Tags sur la façade</textarea>" in page
    assert 'value="42 la canebiere"' in page
    assert "Le formulaire contient des erreurs" not in page


def test_it_reads_back_a_point_as_its_street(signed_in):
    lat, lon = INSIDE["BELSUNCE"]
    page = verify(signed_in, latitude=str(lat), longitude=str(lon))
    assert "Adresse trouvée : <bdi>La Canebière, Belsunce (1er)</bdi>" in page


def test_it_says_what_it_did_not_find(signed_in):
    page = verify(signed_in, description="", address="zzqx wvvv")
    assert "Adresse introuvable : « zzqx wvvv »" in page
    assert "Adresse trouvée" not in page
    page = verify(signed_in, latitude=str(OUTSIDE[0]), longitude=str(OUTSIDE[1]))
    assert "Ce point est hors du territoire de la ville." in page
    page = verify(signed_in)
    assert "Indiquez un lieu : un point sur la carte, une adresse ou un quartier." in page
    assert not ServiceRequest.objects.exists()


def test_it_files_once_sent_at_the_place_read_back(signed_in, city):
    signed_in.post(URL, {"verifier-adresse": "1", "address": "42 la canebiere"})
    response = signed_in.post(URL, {"description": "Tags", "address": "42 la canebiere"})
    assert response.status_code == 302
    filed = ServiceRequest.objects.get()
    assert filed.quartier == city.quartiers["BELSUNCE"]
    assert filed.address == "42 la canebiere"
