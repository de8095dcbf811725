"""The map's clusters: every public request counted once, nothing private, bad windows refused."""

import json

import pytest
from django.urls import reverse

from massalia.servicerequests import services
from massalia.servicerequests.models import ServiceRequest
from massalia.servicerequests.tests.helpers import file_report
from massalia.testing import INSIDE

CITY_BOX = "5.36,43.29,5.39,43.31"
URL = "servicerequests:map_clusters"


def _clusters(client, **params):
    params.setdefault("bbox", CITY_BOX)
    params.setdefault("zoom", "12")
    response = client.get(reverse(URL), params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(response.content)


def _counted(data) -> int:
    return sum(
        f["properties"]["count"] if f["properties"].get("cluster") else 1 for f in data["features"]
    )


def _town(city):
    """Seven public requests in three quartiers, one of them resolved; a private one; an
    anonymous one never confirmed."""
    filed = [file_report(city, where=w) for w in ["NOAILLES"] * 3 + ["BELSUNCE"] * 2]
    filed += [file_report(city, where="LA JOLIETTE", request_type=city.types["nid-de-poule"],
                          attributes={}) for _ in range(2)]  # fmt: skip
    ServiceRequest.objects.filter(pk=filed[0].pk).update(status="resolved")
    lat, lon = INSIDE["NOAILLES"]
    services.submit_request(
        request_type=city.types["fuite-compteur"],
        description="Fuite au compteur",
        latitude=lat,
        longitude=lon,
        requester=city.people["alice"],
    )
    file_report(city, who=None)  # anonymous: waits for its email confirmation
    return filed


def test_it_counts_every_public_request_once_and_nothing_else(client, city):
    filed = _town(city)
    for zoom in ("10", "13", "15", "17"):
        data = _clusters(client, zoom=zoom)
        assert data["shown"] == data["total"] == len(filed), zoom
        assert _counted(data) == len(filed), zoom


def test_it_groups_at_low_zoom_and_shows_requests_at_high_zoom(client, city):
    filed = _town(city)
    far = _clusters(client, zoom="10")
    assert len(far["features"]) == 1
    (cluster,) = far["features"]
    assert cluster["properties"] == {
        "cluster": True, "count": 7, "kinds": {"new": 6, "resolved": 1}
    }  # fmt: skip
    # Three requests at one point stay a cluster; apart, a request is itself, with its link.
    near = _clusters(client, zoom="17")
    points = [f for f in near["features"] if not f["properties"].get("cluster")]
    groups = sorted(
        f["properties"]["count"] for f in near["features"] if f["properties"].get("cluster")
    )
    assert groups == [2, 2, 3]
    assert points == []
    lone = file_report(city, where="NOAILLES", latitude=INSIDE["NOAILLES"][0] + 0.002)
    near = _clusters(client, zoom="17")
    (point,) = [f for f in near["features"] if not f["properties"].get("cluster")]
    assert point["id"] == lone.pk
    assert point["properties"]["kind"] == "new"
    assert point["properties"]["url"] == reverse("servicerequests:request_detail", args=[lone.pk])
    assert point["geometry"]["coordinates"] == [round(lone.longitude, 6), round(lone.latitude, 6)]
    assert len(filed) + 1 == _counted(near)


def test_the_counts_follow_the_filters_and_the_window(client, city):
    _town(city)
    assert _clusters(client, type="tags")["total"] == 5
    assert _counted(_clusters(client, type="tags")) == 5
    assert _counted(_clusters(client, status="closed")) == 1
    # Only Noailles, at 43.295, 5.385: the window leaves the others out of `shown`, not `total`.
    data = _clusters(client, bbox="5.381,43.291,5.389,43.299", zoom="14")
    assert (data["shown"], data["total"], _counted(data)) == (3, 7, 3)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"zoom": "12"},
        {"bbox": CITY_BOX},
        {"bbox": CITY_BOX, "zoom": "douze"},
        {"bbox": CITY_BOX, "zoom": "25"},
        {"bbox": CITY_BOX, "zoom": "-1"},
        {"bbox": "5.3,43.2,5.4", "zoom": "12"},
        {"bbox": "5.3,43.2,5.4,43.3,1", "zoom": "12"},
        {"bbox": "a,b,c,d", "zoom": "12"},
        {"bbox": "nan,43.2,5.4,43.3", "zoom": "12"},
        {"bbox": "5.4,43.2,5.3,43.3", "zoom": "12"},
        {"bbox": "5.3,43.3,5.4,43.2", "zoom": "12"},
        {"bbox": "-200,43.2,5.4,43.3", "zoom": "12"},
        {"bbox": "5.3,-95,5.4,43.3", "zoom": "12"},
        {"bbox": "-180,-90,180,90", "zoom": "19"},  # far too many cells for the zoom
        {"bbox": CITY_BOX, "zoom": "12\x00"},
    ],
)
def test_it_refuses_a_window_it_cannot_read_in_french(client, city, params):
    response = client.get(reverse(URL), params)
    assert response.status_code == 400
    message = json.loads(response.content)["error"]["message"]
    assert "bbox" in message or "zoom" in message
    assert "doit" in message or "trop grande" in message


def test_the_quartiers_outlines_are_light_and_cached(client, city):
    response = client.get(reverse("servicerequests:map_outlines"))
    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]
    data = json.loads(response.content)
    assert sorted(f["properties"]["name"] for f in data["features"]) == sorted(
        q.name for q in city.quartiers.values()
    )
    assert data["features"][0]["geometry"]["type"] in {"Polygon", "MultiPolygon"}
