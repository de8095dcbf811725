import pytest
from django.urls import reverse

from massalia.inclusion.tests.conftest import make_place
from massalia.servicerequests.models import ServiceRequest
from massalia.territory.models import Street
from massalia.testing import INSIDE


@pytest.fixture
def place(city):
    return make_place("wifi", horaires="24/7")


def test_it_lists_places_without_criteria(client, place):
    response = client.get(reverse("inclusion:search"))
    assert response.status_code == 200
    assert "Lieu wifi" in response.text and "Ouvert maintenant" in response.text


@pytest.mark.parametrize(
    "query", ["besoin=xyz", "rayon=abc", "quartier=999999", "public=%00", "adresse=" + "x" * 300]
)
def test_it_answers_400_with_a_message_for_bad_criteria(client, place, query):
    response = client.get(f"{reverse('inclusion:search')}?{query}")
    assert response.status_code == 400
    assert "ne sont pas valables" in response.text
    assert (
        reverse("inclusion:search_geojson")
        and client.get(f"{reverse('inclusion:search_geojson')}?{query}").status_code == 400
    )


def test_it_says_so_when_the_address_is_unknown(client, place, fresh_indexes):
    response = client.get(reverse("inclusion:search"), {"adresse": "zzqq introuvable"})
    assert response.status_code == 200
    assert "Adresse introuvable" in response.text and "Lieu wifi" not in response.text


def test_it_finds_near_a_known_street(client, city, place, fresh_indexes):
    lat, lon = INSIDE["NOAILLES"]
    Street.objects.create(
        name="Rue d'Aubagne",
        normalized="rue aubagne",
        quartier=city.quartiers["NOAILLES"],
        latitude=lat,
        longitude=lon,
    )
    response = client.get(
        reverse("inclusion:search"), {"adresse": "rue d'Aubagne", "rayon": 500, "ouvert": "on"}
    )
    assert response.status_code == 200
    assert "Lieu wifi" in response.text and "à 0 m" in response.text


def test_the_map_reads_the_same_results(client, place):
    data = client.get(reverse("inclusion:search_geojson"), {"besoin": "internet"}).json()
    assert [f["properties"]["title"] for f in data["features"]] == ["Lieu wifi"]
    assert data["features"][0]["properties"]["status_label"] == "Ouvert maintenant"


def test_an_entry_shows_hours_contact_and_services(client, place):
    response = client.get(reverse("inclusion:entry", args=[place.pk]))
    assert response.status_code == 200
    for text in ["Ouvert maintenant", "1 rue wifi", "Service de wifi", "français"]:
        assert text in response.text
    assert client.get(reverse("inclusion:sheet", args=[place.pk])).status_code == 200
    assert client.get(reverse("inclusion:entry", args=[place.pk + 1000])).status_code == 404


def test_an_error_reported_on_an_entry_reaches_the_editors(client, city, place, error_type):
    client.force_login(city.people["alice"])
    url = reverse("inclusion:report", args=[place.pk])
    assert "Signaler une erreur" in client.get(reverse("inclusion:entry", args=[place.pk])).text
    response = client.post(url, {"what": "horaires", "details": "Fermé le lundi désormais."})
    assert response.status_code == 302
    case = ServiceRequest.objects.get()
    assert case.request_type == error_type and case.requester == city.people["alice"]
    assert "Lieu wifi" in case.description and "Fermé le lundi" in case.description
    assert case.quartier == city.quartiers["NOAILLES"]


def test_an_anonymous_report_needs_an_email(client, place, error_type):
    url = reverse("inclusion:report", args=[place.pk])
    response = client.post(url, {"what": "horaires", "details": "Fermé le lundi."})
    assert response.status_code == 400 and not ServiceRequest.objects.exists()
    response = client.post(
        url, {"what": "horaires", "details": "Fermé le lundi.", "email": "a@example.org"}
    )
    assert response.status_code == 302
    assert ServiceRequest.objects.get().confirmed_at is None


def test_reporting_is_closed_without_the_editors_type(client, place):
    assert client.get(reverse("inclusion:report", args=[place.pk])).status_code == 404
    assert "Signaler une erreur" not in client.get(reverse("inclusion:entry", args=[place.pk])).text


def test_internet_access_is_one_click_from_home(client, city):
    home = client.get("/").text
    assert f'href="{reverse("inclusion:search")}?besoin=internet"' in home


def test_the_exports_download(client, place):
    response = client.get(reverse("inclusion:export_data_inclusion", args=["services"]))
    assert response.status_code == 200 and response.json()[0]["id"] == "wifi--1"
    assert client.get(reverse("inclusion:export_data_inclusion", args=["autre"])).status_code == 404
    csv = b"".join(client.get(reverse("inclusion:export_lieux")).streaming_content)
    assert csv.startswith(b'"id","pivot","nom"')
