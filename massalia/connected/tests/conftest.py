"""A water department, its private leak type, a gateway key and alice's meter in Noailles."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from massalia.connected import services, watch
from massalia.connected.models import Device
from massalia.core.api.keys import create_key
from massalia.servicerequests.models import RequestType
from massalia.territory.models import Department
from massalia.testing import INSIDE

pytest.register_assert_rewrite("massalia.connected.tests.twins")  # its asserts explain


@dataclass
class Water:
    department: Department
    request_type: RequestType
    meter: Device
    meter_key: str
    gateway_key: str
    other_key: str  # an active key without the telemetry scope


@pytest.fixture
def water(city):
    department = Department.objects.create(code="eau", name="Eau", email="eau@ville.test")
    request_type = RequestType.objects.create(
        code=watch.WATER_TYPE,
        name="Fuite ou consommation anormale (compteur)",
        group="Eau",
        department=department,
        is_public=False,
    )
    lat, lon = INSIDE["NOAILLES"]
    meter, meter_key = services.register_device(
        identifier="C-0042",
        kind=Device.Kind.WATER_METER,
        latitude=lat,
        longitude=lon,
        address="12 rue Paradis",
        subscriber=city.people["alice"],
        with_key=True,
    )
    _, gateway_key = create_key(name="passerelle-lora", scopes=["telemetry:write"])
    _, other_key = create_key(name="client-open311", scopes=["open311:write"])
    return Water(department, request_type, meter, meter_key, gateway_key, other_key)
