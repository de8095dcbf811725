from __future__ import annotations

import pytest
from django.test import Client

from massalia.core.api.keys import create_key
from massalia.servicerequests import services
from massalia.servicerequests.models import ServiceRequest
from massalia.testing import INSIDE


@pytest.fixture
def api() -> Client:
    return Client()


@pytest.fixture
def key(city) -> str:
    _, raw = create_key(name="app-citoyenne")
    return raw


@pytest.fixture
def file_request(city):
    """File a request through the real services; confirmed by a signed-in citizen by default."""

    def make(code: str = "lampadaire", *, anonymous: bool = False, **extra) -> ServiceRequest:
        lat, lon = INSIDE["BELSUNCE"]
        fields = {
            "request_type": city.types[code],
            "description": "Lampadaire éteint devant le n° 12",
            "latitude": lat,
            "longitude": lon,
            "address": "12 rue de la République",
        }
        if code == "nid-de-poule":
            fields["attributes"] = {"taille": "grand"}
        fields.update(extra)
        if anonymous:
            return services.submit_request(email="anonyme@example.org", name="Zoé Secret", **fields)
        return services.submit_request(requester=city.people["alice"], **fields)

    return make
