from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from massalia.servicerequests.models import ServiceRequest
from massalia.servicerequests.tests.helpers import file_report, png
from massalia.testing import INSIDE, OUTSIDE, PASSWORD


@pytest.fixture
def alice_client(client, city):
    client.login(username="alice", password=PASSWORD)
    return client


def _url(code: str = "nid-de-poule") -> str:
    return reverse("servicerequests:report_form", args=[code])


def _pothole(**extra: Any) -> dict[str, Any]:
    lat, lon = INSIDE["NOAILLES"]
    data = {
        "description": "Trou profond",
        "latitude": lat,
        "longitude": lon,
        "attr_taille": "grand",
    }
    data.update(extra)
    return data


def test_it_lists_the_types_by_group(client, city):
    page = client.get(reverse("servicerequests:report")).content.decode()
    assert "Voirie" in page and "Nid-de-poule" in page and "Éclairage" in page
    assert _url() in page


def test_it_files_a_signed_in_report_from_a_map_point(alice_client, city):
    response = alice_client.post(_url(), _pothole())
    filed = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("servicerequests:request_detail", args=[filed.pk])
    assert filed.quartier == city.quartiers["NOAILLES"]
    assert filed.attributes == {"taille": "grand"}
    assert filed.requester == city.people["alice"]


def test_it_asks_for_a_place(alice_client, city):
    response = alice_client.post(_url(), _pothole(latitude="", longitude=""))
    assert response.status_code == 200
    assert "Indiquez un lieu" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_it_refuses_a_point_outside_the_city(alice_client, city):
    response = alice_client.post(_url(), _pothole(latitude=OUTSIDE[0], longitude=OUTSIDE[1]))
    assert response.status_code == 200
    assert "en dehors du territoire" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_it_requires_a_required_attribute(alice_client, city):
    response = alice_client.post(_url(), _pothole(attr_taille=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "« Taille du trou » est obligatoire." in page
    assert 'aria-invalid="true"' in page
    assert not ServiceRequest.objects.exists()


def test_it_rejects_a_file_that_is_not_an_image(alice_client, city):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("x.jpg", b"not an image at all", content_type="image/jpeg")
    response = alice_client.post(_url(), {**_pothole(), "photos": [fake]})
    assert response.status_code == 200
    assert "n&#x27;est pas une image acceptée" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_it_refuses_more_than_three_photos(alice_client, city):
    response = alice_client.post(_url(), {**_pothole(), "photos": [png() for _ in range(4)]})
    assert "3 photos au plus" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_it_stores_photos(alice_client, city):
    alice_client.post(_url(), {**_pothole(), "photos": [png(), png("b.png")]})
    assert ServiceRequest.objects.get().attachments.count() == 2


def test_an_anonymous_report_asks_to_check_the_mailbox(client, city, on_commit):
    with on_commit():
        response = client.post(_url("tags"), {**_pothole(), "email": "zoe@example.org"})
    assert response["Location"] == reverse("servicerequests:report_sent")
    page = client.get(response["Location"]).content.decode()
    assert "Vérifiez votre messagerie" in page and "zoe@example.org" in page
    filed = ServiceRequest.objects.get()
    assert filed.confirmed_at is None
    assert mail.outbox[0].to == ["zoe@example.org"]
    confirm = reverse("servicerequests:confirm_request", args=[filed.confirmation_token])
    assert confirm in mail.outbox[0].body
    assert "est confirmée" in client.get(confirm).content.decode()
    filed.refresh_from_db()
    assert filed.confirmed_at is not None


def test_an_anonymous_report_needs_an_email(client, city):
    response = client.post(_url("tags"), _pothole())
    assert "Indiquez votre adresse email" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_an_unknown_confirmation_token_is_a_clear_404(client, city):
    response = client.get(reverse("servicerequests:confirm_request", args=["nope"]))
    assert response.status_code == 404
    assert "Lien de confirmation inconnu" in response.content.decode()


def test_it_geocodes_an_address_without_javascript(alice_client, city):
    # The test city's gazetteer knows its quartiers by name.
    alice_client.post(_url("tags"), _pothole(latitude="", longitude="", address="La Joliette"))
    filed = ServiceRequest.objects.get()
    assert filed.quartier == city.quartiers["LA JOLIETTE"] and filed.address == "La Joliette"
    assert filed.latitude is not None


def test_it_says_when_an_address_is_unknown(alice_client, city):
    response = alice_client.post(
        _url("tags"), _pothole(latitude="", longitude="", address="zzzqqq wxy")
    )
    assert "Adresse introuvable" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_it_files_by_quartier_only(alice_client, city):
    quartier = city.quartiers["BELSUNCE"]
    alice_client.post(_url("tags"), _pothole(latitude="", longitude="", quartier=quartier.pk))
    assert ServiceRequest.objects.get().quartier == quartier


def test_it_offers_quartiers_grouped_by_arrondissement(client, city):
    page = client.get(_url()).content.decode()
    assert '<optgroup label="1e arrondissement">' in page
    assert "Belsunce" in page and "La Joliette" in page


def test_it_shows_nearby_duplicates_before_filing(alice_client, city):
    existing = file_report(city, who="bob", request_type=city.types["nid-de-poule"])
    response = alice_client.post(_url(), _pothole())
    page = response.content.decode()
    assert "existe pas déjà" in page
    assert reverse("servicerequests:follow", args=[existing.pk]) in page
    assert ServiceRequest.objects.count() == 1
    again = alice_client.post(_url(), _pothole(seen_duplicates=str(existing.pk)))
    assert again.status_code == 302
    assert ServiceRequest.objects.count() == 2


def test_the_nearby_endpoint_lists_open_requests_of_the_type(client, city):
    existing = file_report(city, request_type=city.types["nid-de-poule"])
    file_report(city)  # another type: not a duplicate
    lat, lon = INSIDE["NOAILLES"]
    url = reverse("servicerequests:nearby")
    data = client.get(url, {"type": "nid-de-poule", "lat": lat, "lon": lon + 0.0005}).json()
    assert [r["id"] for r in data["results"]] == [existing.pk]
    assert 30 < data["results"][0]["distance_m"] < 50
    far = client.get(url, {"type": "nid-de-poule", "lat": lat, "lon": lon + 0.003}).json()
    assert far["results"] == []
    assert client.get(url, {"type": "nid-de-poule"}).status_code == 400


def test_it_geocodes_a_street_of_the_gazetteer(alice_client, city):
    from massalia.territory import gazetteer
    from massalia.territory.models import Street

    lat, lon = INSIDE["LA JOLIETTE"]
    name = "Rue de la République"
    Street.objects.create(
        name=name,
        normalized=gazetteer.normalize(name),
        quartier=city.quartiers["LA JOLIETTE"],
        latitude=lat,
        longitude=lon,
    )
    gazetteer.invalidate()
    alice_client.post(
        _url("tags"), _pothole(latitude="", longitude="", address="12 rue de la Republique")
    )
    filed = ServiceRequest.objects.get()
    assert filed.quartier == city.quartiers["LA JOLIETTE"]
    assert (filed.latitude, filed.longitude) == (lat, lon)
    gazetteer.invalidate()


def test_agents_see_the_back_office_link(client, city):
    client.login(username="bob", password=PASSWORD)
    assert "Espace agents" in client.get(reverse("portal:home")).content.decode()
    client.login(username="alice", password=PASSWORD)
    assert "Espace agents" not in client.get(reverse("portal:home")).content.decode()


def test_a_stale_form_gets_a_french_csrf_page(city):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(_url("tags"), _pothole())
    assert response.status_code == 403
    assert "Formulaire expiré" in response.content.decode()


def test_the_500_page_renders_without_a_request():
    from django.template.loader import render_to_string

    assert "Une erreur est survenue" in render_to_string("500.html")


def test_it_orders_groups_alphabetically_ignoring_accents(client, city):
    page = client.get(reverse("servicerequests:report")).content.decode()
    assert page.index("Éclairage") < page.index("Propreté") < page.index("Voirie")
