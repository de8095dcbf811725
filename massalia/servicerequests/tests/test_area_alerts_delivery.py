"""A new public request reaches the people whose area it is in, once each, and nobody else."""

from __future__ import annotations

import math

import pytest
from django.core import mail

from massalia.core.models import OutboxEvent
from massalia.servicerequests import services
from massalia.servicerequests.area_alert_subscribers import tell_area
from massalia.servicerequests.events import RequestSubmitted
from massalia.servicerequests.tests.area_alert_helpers import (
    NEIGHBOUR,
    alerted,
    neighbour_alert,
    quartier_alert,
)
from massalia.territory import geo
from massalia.testing import INSIDE, file_request

pytestmark = pytest.mark.usefixtures("fresh_indexes")


def test_it_alerts_a_quartier_of_a_new_public_request_with_its_link(city, on_commit):
    quartier_alert(city, "NOAILLES")

    with on_commit():
        case = file_request(city, "tags", where="NOAILLES", by="alice")

    assert alerted(mail.outbox) == ["dave@example.org"]
    message = next(m for m in mail.outbox if m.to == ["dave@example.org"])
    assert message.subject.endswith("Nouvelle demande près de chez vous : Tags et graffitis")
    assert "dans le quartier Noailles" in message.body
    assert f"/demandes/{case.pk}/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_it_does_not_alert_a_request_outside_the_area(city, on_commit):
    quartier_alert(city, "LA JOLIETTE")

    with on_commit():
        file_request(city, "tags", where="NOAILLES")

    assert alerted(mail.outbox) == []


def test_it_never_alerts_a_private_type(city, on_commit):
    quartier_alert(city, "NOAILLES")

    with on_commit():
        file_request(city, "fuite-compteur", where="NOAILLES")

    assert alerted(mail.outbox) == []


def test_it_waits_for_an_anonymous_request_to_be_confirmed(city, on_commit):
    quartier_alert(city, "NOAILLES")
    with on_commit():
        case = file_request(city, "tags", by=None, email="passant@example.org")
    assert alerted(mail.outbox) == []

    with on_commit():
        services.confirm_request(token=case.confirmation_token)

    assert alerted(mail.outbox) == ["dave@example.org"]


def test_it_sends_once_per_person_whatever_the_retries_and_alerts(city, on_commit):
    quartier_alert(city, "NOAILLES")
    lat, lon = INSIDE["NOAILLES"]
    quartier_alert(city, "NOAILLES", quartier=None, latitude=lat, longitude=lon, radius_m=500)

    with on_commit():
        case = file_request(city, "tags", where="NOAILLES")
    row = OutboxEvent.objects.filter(name=RequestSubmitted.name).latest("id")
    tell_area(RequestSubmitted(**row.payload).request_id)
    tell_area(case.pk)

    assert alerted(mail.outbox) == ["dave@example.org"]


def _point_at(lat: float, lon: float, metres_north: float) -> tuple[float, float]:
    return lat + math.degrees(metres_north / geo.EARTH_RADIUS_M), lon


def test_it_alerts_within_the_radius_and_not_a_step_beyond(city, on_commit):
    lat, lon = INSIDE["NOAILLES"]
    neighbour_alert(latitude=lat, longitude=lon - 0.003, radius_m=250, address="Rue d'Aubagne")
    centre = (lat, lon - 0.003)
    inside = _point_at(*centre, 248)
    beyond = _point_at(*centre, 252)
    assert geo.distance_m(*centre, *inside) < 250 < geo.distance_m(*centre, *beyond)

    with on_commit():
        services.submit_request(
            request_type=city.types["tags"],
            description="Tag à 252 m",
            latitude=beyond[0],
            longitude=beyond[1],
            requester=city.people["alice"],
        )
    assert alerted(mail.outbox) == []
    with on_commit():
        services.submit_request(
            request_type=city.types["tags"],
            description="Tag à 248 m",
            latitude=inside[0],
            longitude=inside[1],
            requester=city.people["alice"],
        )

    assert alerted(mail.outbox) == [NEIGHBOUR]
    message = next(m for m in mail.outbox if m.to == [NEIGHBOUR])
    assert "250 m autour de « Rue d'Aubagne »" in message.body


def test_it_keeps_to_the_themes_chosen(city, on_commit):
    quartier_alert(city, "NOAILLES", groups=["Éclairage"])

    with on_commit():
        file_request(city, "tags", where="NOAILLES")
    assert alerted(mail.outbox) == []
    with on_commit():
        file_request(city, "lampadaire", where="NOAILLES")

    assert alerted(mail.outbox) == ["dave@example.org"]


def test_it_does_not_alert_the_requester_of_their_own_request(city, on_commit):
    quartier_alert(city, "NOAILLES", user=city.people["alice"])

    with on_commit():
        file_request(city, "tags", where="NOAILLES", by="alice")

    assert alerted(mail.outbox) == []
