import pytest
from django.urls import reverse

from massalia.cameras.models import Camera
from massalia.testing import INSIDE

pytestmark = pytest.mark.django_db


def test_an_administrator_lists_and_corrects_a_camera_in_french(client, cameras, city):
    client.force_login(city.people["root"])
    listed = client.get(reverse("admin:cameras_camera_changelist"))
    assert listed.status_code == 200
    assert "caméras de vidéoprotection" in listed.content.decode()
    camera = Camera.objects.get(identifier="vp-001")
    lat, lon = INSIDE["NOAILLES"]
    form = {
        "identifier": "vp-001",
        "address": "Rue d'Aubagne",
        "latitude": lat,
        "longitude": lon,
        "operator": camera.operator,
        "legal_basis": camera.legal_basis,
        "order_reference": "2024-117",
        "authorised_on": "2024-03-01",
        "expires_on": "2029-03-01",
        "retention_days": 15,
        "field_of_view": "fixe",
        "status": "en-service",
        "purposes-TOTAL_FORMS": 1,
        "purposes-INITIAL_FORMS": 0,
        "purposes-0-purpose": "secours",
    }
    changed = client.post(reverse("admin:cameras_camera_change", args=[camera.pk]), form)
    assert changed.status_code == 302, changed.content.decode()[:2000]
    camera.refresh_from_db()
    assert camera.quartier == city.quartiers["NOAILLES"]  # located again from its point
    assert "secours" in camera.purpose_codes


def test_the_admin_refuses_a_retention_beyond_thirty_days(client, cameras, city):
    client.force_login(city.people["root"])
    camera = Camera.objects.get(identifier="vp-001")
    page = client.get(reverse("admin:cameras_camera_change", args=[camera.pk]))
    assert page.status_code == 200
    form = {
        "identifier": "vp-001",
        "address": camera.address,
        "latitude": camera.latitude,
        "longitude": camera.longitude,
        "operator": camera.operator,
        "legal_basis": camera.legal_basis,
        "order_reference": camera.order_reference,
        "authorised_on": "2024-03-01",
        "expires_on": "2029-03-01",
        "retention_days": 45,
        "field_of_view": "fixe",
        "status": "en-service",
        "purposes-TOTAL_FORMS": 0,
        "purposes-INITIAL_FORMS": 0,
    }
    refused = client.post(reverse("admin:cameras_camera_change", args=[camera.pk]), form)
    assert refused.status_code == 200
    assert "inférieure ou égale à 30" in refused.content.decode()
    camera.refresh_from_db()
    assert camera.retention_days == 15
