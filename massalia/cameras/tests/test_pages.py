import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _rows(response) -> list[str]:
    return re.findall(r'href="/videoprotection/cameras/([a-z0-9-]+)/"', response.content.decode())


def test_it_lists_the_cameras_in_service(client, cameras):
    response = client.get(reverse("cameras:register"))
    assert response.status_code == 200
    assert _rows(response) == ["vp-001", "vp-002", "vp-003"]
    assert "Prévention d&#x27;actes de terrorisme" in response.content.decode()


def test_it_filters_by_arrondissement_purpose_operator_and_state(client, cameras):
    url = reverse("cameras:register")
    assert _rows(client.get(url, {"arrondissement": 2})) == ["vp-003"]
    assert _rows(client.get(url, {"finalite": "terrorisme"})) == ["vp-002"]
    assert _rows(client.get(url, {"exploitant": "Régie des transports"})) == ["vp-002"]
    assert _rows(client.get(url, {"etat": "retiree"})) == ["vp-004"]
    assert len(_rows(client.get(url, {"etat": "toutes"}))) == 4


def test_it_refuses_an_unknown_filter_value_with_a_message(client, cameras):
    response = client.get(reverse("cameras:register"), {"finalite": "reconnaissance-faciale"})
    assert response.status_code == 400
    assert "Ces critères ne peuvent pas être appliqués" in response.content.decode()
    assert client.get(reverse("cameras:map"), {"arrondissement": "x"}).status_code == 400


def test_it_pages_the_register(client, cameras, monkeypatch):
    from massalia.cameras import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    first = client.get(reverse("cameras:register"))
    second = client.get(reverse("cameras:register"), {"page": 2})
    assert _rows(first) == ["vp-001", "vp-002"]
    assert _rows(second) == ["vp-003"]
    assert "Page 1 sur 2" in first.content.decode()


def test_it_flags_an_expired_authorisation(client, cameras):
    listed = client.get(reverse("cameras:register")).content.decode()
    assert "1 autorisation échue" in listed
    assert "Échue le 10/06/2020" in listed
    page = client.get(reverse("cameras:camera", args=["vp-003"])).content.decode()
    assert "a pris fin le 10/06/2020" in page
    fresh = client.get(reverse("cameras:camera", args=["vp-001"])).content.decode()
    assert "a pris fin" not in fresh


def test_a_camera_page_gives_its_legal_facts(client, cameras):
    page = client.get(reverse("cameras:camera", args=["vp-001"])).content.decode()
    assert "Arrêté préfectoral n° 2024-117 du 01/03/2024" in page
    assert "01/03/2029" in page
    assert "15 jours au plus" in page
    assert "Dôme orientable" in page
    assert "Ville — centre de supervision urbaine" in page
    assert "BELSUNCE, 1e arrondissement" in page


def test_an_unknown_camera_is_not_found(client, cameras):
    assert client.get(reverse("cameras:camera", args=["vp-999"])).status_code == 404


def test_the_map_draws_a_dot_per_camera_and_counts_them_as_text(client, cameras):
    page = client.get(reverse("cameras:map")).content.decode()
    assert page.count('class="camera-dot"') == 2
    assert page.count('class="camera-dot expired"') == 2  # the legend's and vp-003's
    assert re.search(r"<th scope=\"row\">1e arrondissement</th><td class=\"num\">2</td>", page)
    assert re.search(r"<th scope=\"row\">2e arrondissement</th><td class=\"num\">1</td>", page)
    filtered = client.get(reverse("cameras:map"), {"arrondissement": 2}).content.decode()
    assert filtered.count('class="camera-dot"') == 0


def test_the_rights_page_says_whom_to_ask_and_for_how_long(client, cameras):
    page = client.get(reverse("cameras:rights")).content.decode()
    assert "30 jours" in page
    assert "commission départementale de vidéoprotection" in page
    assert "CNIL" in page
    # whom to write to: the operators of the cameras in service, with their share
    operators = re.findall(r'\?exploitant=([^"]+)">([^<]+)</a> \(([^)]+)\)', page)
    assert [(name, count) for _, name, count in operators] == [
        ("Régie des transports", "1 caméra"),
        ("Ville — centre de supervision urbaine", "2 caméras"),
    ]


def test_the_rights_page_says_so_when_the_register_is_empty(client, db):
    page = client.get(reverse("cameras:rights")).content.decode()
    assert "Aucune caméra en service n'est encore inscrite au registre." in page


@pytest.mark.parametrize(("language", "words"), [("en", "Your rights"), ("ar", "حقوقكم")])
def test_the_rights_page_is_translated(client, db, language, words):
    client.cookies["django_language"] = language
    page = client.get(reverse("cameras:rights")).content.decode()
    assert words in page


@pytest.mark.parametrize("name", ["cameras:register", "cameras:map", "cameras:rights"])
def test_no_page_shows_an_image_or_a_video(client, cameras, name):
    page = client.get(reverse(name)).content.decode()
    assert not re.search(r"<(img|video|picture|iframe|object|embed)\b", page)


def test_the_footer_leads_to_the_register_and_the_bus_stops(client, db):
    page = client.get(reverse("cameras:rights")).content.decode()
    footer = page[page.index("<footer") :]
    assert f'<a href="{reverse("cameras:register")}">Vidéoprotection</a>' in footer
    assert f'<a href="{reverse("transit:stops")}">Arrêts de bus</a>' in footer
    client.cookies["django_language"] = "ar"
    page = client.get(reverse("cameras:rights")).content.decode()
    footer = page[page.index("<footer") :]
    assert "المراقبة بالفيديو</a>" in footer and "محطات الحافلات</a>" in footer


def test_the_map_counts_come_in_the_arrondissements_order(client, cameras, city):
    from massalia.cameras import importer
    from massalia.cameras.tests.conftest import csv_text, line
    from massalia.territory import geo
    from massalia.territory.models import Arrondissement, Quartier
    from massalia.testing import square

    tenth = Arrondissement.objects.create(
        insee_code="13210",
        number=10,
        name="10e arrondissement",
        postcode="13010",
        reference_latitude=43.285,
        reference_longitude=5.405,
    )
    Quartier.objects.create(
        name="LA CAPELETTE",
        slug="la-capelette",
        arrondissement=tenth,
        geometry=square(43.28, 5.40),
        centroid_latitude=43.285,
        centroid_longitude=5.405,
    )
    geo.invalidate()
    row = line("vp-010", latitude="43.285", longitude="5.405")
    assert importer.import_text(csv_text(row), source="test").created == 1
    page = client.get(reverse("cameras:map")).content.decode()
    named = re.findall(r'<th scope="row">([^<]+)</th>', page)
    assert named == ["1e arrondissement", "2e arrondissement", "10e arrondissement"]
