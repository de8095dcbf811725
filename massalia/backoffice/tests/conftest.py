"""Requests for the back-office tests, filed through the real services."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from massalia.servicerequests import services
from massalia.servicerequests.models import ServiceRequest
from massalia.testing import INSIDE, City


@dataclass
class Reports:
    pothole: ServiceRequest  # Voirie, public, filed by alice in Noailles
    leak: ServiceRequest  # Voirie, private type
    tags: ServiceRequest  # Propreté
    unconfirmed: ServiceRequest  # Voirie, anonymous and not yet confirmed


def file(city: City, code: str, *, where: str = "NOAILLES", **extra) -> ServiceRequest:
    lat, lon = INSIDE[where]
    fields = {"requester": city.people["alice"], "attributes": {"taille": "petit"}, **extra}
    return services.submit_request(
        request_type=city.types[code],
        description=extra.pop("description", f"Signalement {code}"),
        latitude=lat,
        longitude=lon,
        **{k: v for k, v in fields.items() if k != "description"},
    )


@pytest.fixture
def reports(city: City) -> Reports:
    return Reports(
        pothole=file(city, "nid-de-poule", description="Trou profond devant le 12"),
        leak=file(city, "fuite-compteur", description="Fuite dans la cave"),
        tags=file(city, "tags", description="Tag sur la façade"),
        unconfirmed=file(
            city,
            "nid-de-poule",
            requester=None,
            email="anonyme@example.org",
            description="Trou anonyme",
        ),
    )


@pytest.fixture
def login(client, city):
    def as_(name: str):
        client.force_login(city.people[name])
        return client

    return as_
