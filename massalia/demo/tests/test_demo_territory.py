"""The demo runs on Marseille's real territory, shipped with the package."""

import pytest
from django.urls import reverse

from massalia.demo.requests import SOURCE
from massalia.demo.tests.conftest import loaded_once
from massalia.servicerequests.models import ServiceRequest
from massalia.territory import approximate, geo
from massalia.territory.models import Quartier, Street

# One demo for the tests that only read it; the last two load their own.
demo = loaded_once(requests=60)
pytestmark = pytest.mark.xdist_group("demo_territory")  # one load, on one worker


def test_it_loads_the_official_quartiers_and_streets_by_default(demo, db):
    output = demo
    assert "Territoire officiel chargé (111 quartiers" in output
    assert Quartier.objects.count() == 111
    assert Street.objects.count() > 5000
    assert not approximate.is_approximate()
    assert "approximatif" not in output


def test_it_says_nothing_approximate_with_the_real_data(demo, db, client):
    assert not Quartier.objects.filter(name__icontains="approximatif").exists()
    names = [str(q) for q in Quartier.objects.all()]
    assert "Belsunce" in names and "Saint-Giniez" in names
    for page in (
        "portal:home",
        "servicerequests:requests",
        "servicerequests:map",
        "servicerequests:requests_geojson",
    ):
        response = client.get(reverse(page))
        assert response.status_code == 200
        body = b"".join(getattr(response, "streaming_content", None) or [response.content])
        assert "approximati" not in body.decode().lower(), page


def test_it_places_every_request_in_a_real_quartier(demo, db):
    rows = ServiceRequest.objects.select_related("quartier")
    assert rows.filter(source=SOURCE).count() == 60
    for case in rows:
        place = geo.locate(case.latitude, case.longitude)
        assert place is not None and place.quartier_id == case.quartier_id
        assert not case.quartier.is_approximate


def test_it_replaces_an_approximate_territory_left_by_an_older_demo(loaddemo):
    approximate.build()
    loaddemo(requests=20)
    assert Quartier.objects.count() == 111
    assert not Quartier.objects.filter(is_approximate=True).exists()
    assert not ServiceRequest.objects.filter(quartier__is_approximate=True).exists()


def test_it_keeps_a_territory_imported_by_hand(loaddemo, tmp_path):
    loaddemo(requests=0)
    Quartier.objects.filter(name="BELSUNCE").update(name="BELSUNCE (corrigé)")
    output = loaddemo(requests=0)
    assert "Territoire officiel chargé" not in output
    assert Quartier.objects.filter(name="BELSUNCE (corrigé)").exists()
