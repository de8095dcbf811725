import json
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from massalia.servicerequests import services
from massalia.servicerequests.models import Status
from massalia.servicerequests.tests.helpers import file_report
from massalia.testing import PASSWORD


def _ids(response):
    return [r.pk for r in response.context["page"].object_list]


def test_the_home_page_shows_figures_and_recent_requests(client, city):
    filed = file_report(city)
    file_report(city, who=None)  # unconfirmed: not public
    page = client.get(reverse("portal:home")).content.decode()
    assert "Signaler un problème" in page
    assert reverse("servicerequests:request_detail", args=[filed.pk]) in page
    assert "<dd>1</dd>" in page


def test_the_list_filters_by_type_group_status_place_and_period(client, city):
    tag = file_report(city, where="BELSUNCE")
    hole = file_report(
        city, where="LA JOLIETTE", request_type=city.types["nid-de-poule"], attributes={}
    )
    old = file_report(city, created_at=timezone.now() - timedelta(days=60))
    services.change_status(
        case=old, actor=city.people["root"], status=Status.RESOLVED, public_note="Fait."
    )
    url = reverse("servicerequests:requests")
    assert set(_ids(client.get(url))) == {tag.pk, hole.pk, old.pk}
    assert _ids(client.get(url, {"type": "nid-de-poule"})) == [hole.pk]
    assert _ids(client.get(url, {"group": "Propreté"})) == [tag.pk, old.pk]
    assert _ids(client.get(url, {"status": "closed"})) == [old.pk]
    assert old.pk not in _ids(client.get(url, {"status": "open"}))
    arr = city.arrondissements["13202"].pk
    assert _ids(client.get(url, {"arrondissement": arr})) == [hole.pk]
    quartier = city.quartiers["BELSUNCE"].pk
    assert _ids(client.get(url, {"quartier": quartier})) == [tag.pk]
    assert old.pk not in _ids(client.get(url, {"period": "30"}))
    assert client.get(url, {"quartier": "abc", "page": "zz"}).status_code == 200


def test_the_list_paginates(client, city):
    for _ in range(21):
        file_report(city)
    first = client.get(reverse("servicerequests:requests"), {"status": "open"})
    assert len(_ids(first)) == 20
    assert "status=open&amp;page=2" in first.content.decode()
    second = client.get(reverse("servicerequests:requests"), {"status": "open", "page": 2})
    assert len(_ids(second)) == 1


def test_the_geojson_endpoint_applies_the_same_filters(client, city):
    tag = file_report(city)
    file_report(city, request_type=city.types["nid-de-poule"], attributes={})
    response = client.get(reverse("servicerequests:requests_geojson"), {"type": "tags"})
    data = json.loads(b"".join(response.streaming_content))
    assert data["type"] == "FeatureCollection"
    assert [f["id"] for f in data["features"]] == [tag.pk]
    assert data["features"][0]["geometry"]["coordinates"] == [tag.longitude, tag.latitude]


def test_the_map_page_falls_back_to_the_list(client, city):
    page = client.get(reverse("servicerequests:map"), {"type": "tags"}).content.decode()
    assert reverse("servicerequests:requests") + "?type=tags" in page
    assert "leaflet/leaflet.js" in page


def test_my_requests_lists_filed_and_followed_requests(client, city):
    mine = file_report(city)
    theirs = file_report(city, who="olga")
    services.follow(case=theirs, user=city.people["alice"])
    assert client.get(reverse("servicerequests:my_requests")).status_code == 302
    client.login(username="alice", password=PASSWORD)
    response = client.get(reverse("servicerequests:my_requests"))
    assert list(response.context["filed"]) == [mine]
    assert list(response.context["followed"]) == [theirs]


def test_unknown_pages_are_a_french_404(client, city):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
