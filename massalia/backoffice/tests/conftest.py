"""Requests for the back-office tests, filed through the real services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


def file(city: City, code: str, *, where: str = "NOAILLES", **extra: Any) -> ServiceRequest:
    """File a request through the real service (by alice, unless told otherwise)."""
    lat, lon = INSIDE[where]
    fields = {
        "requester": city.people["alice"],
        "attributes": {"taille": "petit"},
        "description": f"Signalement {code}",
        **extra,
    }
    return services.submit_request(
        request_type=city.types[code], latitude=lat, longitude=lon, **fields
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
