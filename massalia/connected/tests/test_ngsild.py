"""The NGSI-LD read subset: entities by type, id, q and near; one entity; keys and errors."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from massalia.connected import services
from massalia.connected.models import DailyAggregate, Device
from massalia.core.api.keys import create_key
from massalia.testing import INSIDE

pytestmark = pytest.mark.django_db
URL = "/ngsi-ld/v1/entities"


@pytest.fixture
def key(water):
    _, raw = create_key(name="lecteur-ngsild", scopes=["ngsild:read"])
    Device.objects.filter(pk=water.meter.pk).update(battery_percent=15)
    lat, lon = INSIDE["LA JOLIETTE"]
    services.register_device(
        identifier="ABRI-12", kind=Device.Kind.SHELTER_TAG, latitude=lat, longitude=lon
    )
    yesterday = timezone.localdate() - timedelta(days=1)
    DailyAggregate.objects.create(
        device=water.meter, day=yesterday, litres=412.5, hours=24, estimated_hours=0,
        opens_measured=True, closes_measured=True, readings=24,
    )  # fmt: skip
    return raw


def get(client, key, path=URL, **params):
    return client.get(path, params, headers={"X-Api-Key": key} if key else {})


def ids(response):
    return [e["id"] for e in response.json()]


def test_devices_by_type_with_smart_data_models_names(client, key):
    response = get(client, key, type="Device")
    assert response.status_code == 200
    assert 'rel="http://www.w3.org/ns/json-ld#context"' in response["Link"]
    meter = next(e for e in response.json() if e["id"] == "urn:ngsi-ld:Device:C-0042")
    assert meter["category"]["value"] == ["meter"]
    assert meter["controlledProperty"]["value"] == ["waterConsumption"]
    assert meter["batteryLevel"]["value"] == 0.15
    assert meter["location"]["value"]["type"] == "Point"
    assert ids(response) == ["urn:ngsi-ld:Device:ABRI-12", "urn:ngsi-ld:Device:C-0042"]


def test_water_consumption_observed(client, key):
    (entity,) = get(client, key, type="WaterConsumptionObserved").json()
    assert entity["refDevice"] == {"type": "Relationship", "object": "urn:ngsi-ld:Device:C-0042"}
    assert entity["waterConsumption"]["value"] == 412.5
    assert entity["waterConsumption"]["unitCode"] == "LTR"


def test_q_compares_attributes(client, key):
    assert ids(get(client, key, type="Device", q="batteryLevel<0.2")) == [
        "urn:ngsi-ld:Device:C-0042"
    ]
    assert ids(get(client, key, type="Device", q='category=="identifier"')) == [
        "urn:ngsi-ld:Device:ABRI-12"
    ]
    assert ids(get(client, key, type="WaterConsumptionObserved", q="waterConsumption>500")) == []


def test_near_keeps_what_is_within_the_distance(client, key):
    lat, lon = INSIDE["NOAILLES"]
    near = get(client, key, type="Device", georel="near;maxDistance==300",
               geometry="Point", coordinates=json.dumps([lon, lat]))  # fmt: skip
    assert ids(near) == ["urn:ngsi-ld:Device:C-0042"]


def test_id_limit_offset_and_count(client, key):
    one = get(client, key, id="urn:ngsi-ld:Device:ABRI-12")
    assert ids(one) == ["urn:ngsi-ld:Device:ABRI-12"]
    page = get(client, key, type="Device", limit="1", offset="1", count="true")
    assert ids(page) == ["urn:ngsi-ld:Device:C-0042"]
    assert page["NGSILD-Results-Count"] == "2"


def test_one_entity_and_json_ld(client, key):
    response = client.get(
        f"{URL}/urn:ngsi-ld:Device:C-0042",
        headers={"X-Api-Key": key, "Accept": "application/ld+json"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert response.json()["@context"].endswith("ngsi-ld-core-context.jsonld")


def test_an_unknown_entity_is_a_404_problem(client, key):
    response = get(client, key, f"{URL}/urn:ngsi-ld:Device:NULLE-PART")
    assert response.status_code == 404
    assert response.json()["type"] == "https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "type ou id est obligatoire"),
        ({"type": "Device", "q": "batteryLevel~0.2"}, "q : terme illisible"),
        ({"type": "Device", "q": "name==sans-guillemets"}, "q : valeur"),
        ({"type": "Device", "georel": "within"}, "georel : seul"),
        ({"type": "Device", "georel": "near;maxDistance==10", "geometry": "Point",
          "coordinates": "[5.3"}, "coordinates"),
        ({"type": "Device", "limit": "5000"}, "limit : un entier de 0 à 1000"),
    ],
)  # fmt: skip
def test_bad_queries_are_400_problems(client, key, params, message):
    response = get(client, key, **params)
    assert response.status_code == 400
    assert response.json()["type"].endswith("BadRequestData")
    assert message in response.json()["title"]


def test_a_key_is_required(client, key, water):
    assert get(client, "", type="Device").status_code == 403
    assert get(client, water.gateway_key, type="Device").status_code == 403  # no ngsild:read


@pytest.mark.parametrize(
    "q",
    [
        "batteryLevel<0.2",
        "batteryLevel>=0.15",
        "batteryLevel==0.15",
        "batteryLevel!=0.15",
        'deviceState=="ok"',
        'category=="meter"',
        'category!="meter"',
        'category=="identifier";deviceState=="ok"',
    ],
)
def test_q_answered_in_sql_agrees_with_q_read_on_the_entities(client, key, q):
    in_sql = ids(get(client, key, type="Device", q=q))
    in_python = ids(get(client, key, type="Device", q=q + ';name!="personne"'))
    assert in_sql == in_python
