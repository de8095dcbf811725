"""Requests for the tests of the agents' pages, filed through the real services."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from massalia.servicerequests.models import ServiceRequest
from massalia.testing import City
from massalia.testing import file_request as file


@dataclass
class Reports:
    pothole: ServiceRequest  # Voirie, public, filed by alice in Noailles
    leak: ServiceRequest  # Voirie, private type
    tags: ServiceRequest  # Propreté
    unconfirmed: ServiceRequest  # Voirie, anonymous and not yet confirmed


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
