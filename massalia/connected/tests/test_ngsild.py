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


# A triangle over the west of the 1st and 2nd arrondissements: its box holds both devices, the
# triangle only the shelter (the meter lies under its long side).
TRIANGLE = [[[5.36, 43.31], [5.39, 43.31], [5.36, 43.29], [5.36, 43.31]]]
NOAILLES = [[[5.38, 43.29], [5.39, 43.29], [5.39, 43.30], [5.38, 43.30], [5.38, 43.29]]]


def within(client, key, coordinates, geometry="Polygon", **params):
    more = {"geometry": geometry} if geometry else {}
    return get(client, key, georel="within", coordinates=json.dumps(coordinates), **more, **params)


def test_within_keeps_what_is_inside_the_polygon_not_its_box(client, key):
    assert ids(within(client, key, TRIANGLE, type="Device")) == ["urn:ngsi-ld:Device:ABRI-12"]
    assert ids(within(client, key, NOAILLES, type="Device")) == ["urn:ngsi-ld:Device:C-0042"]
    assert ids(within(client, key, NOAILLES, type="WaterConsumptionObserved")) == [
        "urn:ngsi-ld:WaterConsumptionObserved:C-0042"
    ]
    counted = within(client, key, TRIANGLE, type="Device", count="true", limit="0")
    assert counted.json() == [] and counted["NGSILD-Results-Count"] == "1"


def test_within_reads_a_geojson_polygon_too(client, key):
    polygon = {"type": "Polygon", "coordinates": TRIANGLE}
    assert ids(within(client, key, polygon, type="Device")) == ["urn:ngsi-ld:Device:ABRI-12"]
    assert ids(within(client, key, polygon, geometry=None, type="Device")) == [
        "urn:ngsi-ld:Device:ABRI-12"
    ]


def test_within_and_q_together(client, key):
    both = [[[5.36, 43.29], [5.39, 43.29], [5.39, 43.31], [5.36, 43.31], [5.36, 43.29]]]
    assert len(ids(within(client, key, both, type="Device"))) == 2
    assert ids(within(client, key, both, type="Device", q='category=="meter"')) == [
        "urn:ngsi-ld:Device:C-0042"
    ]


@pytest.mark.parametrize(
    ("coordinates", "geometry", "message"),
    [
        ([NOAILLES[0][:-1]], "Polygon", "n'est pas fermé"),
        ([NOAILLES[0][:3]], "Polygon", "il en faut au moins 4"),
        ([[[5.36, 43.29], [5.39, 43.31], [5.39, 43.29], [5.36, 43.31], [5.36, 43.29]]], "Polygon",
         "ses côtés se croisent"),
        ([[[5.36, 43.29], [5.39, 91], [5.39, 43.29], [5.36, 43.29]]], "Polygon",
         "hors des coordonnées possibles"),
        ([[[5.36 + i / 1e5, 43.29 + (i % 2) / 1e3] for i in range(1001)]], "Polygon",
         "1001 positions, au plus 1000"),
        ([5.38, 43.29], "Polygon", "le contour doit être une liste de positions"),
        (NOAILLES, "Point", "geometry=Polygon attendu avec georel=within"),
        (NOAILLES, None, "geometry=Polygon attendu avec georel=within"),
        ({"type": "Point", "coordinates": [5.38, 43.29]}, None, "de type Polygon attendu"),
        ({"type": "Polygon", "coordinates": NOAILLES}, "Point", "de type Polygon attendu"),
        (NOAILLES, "LineString", "geometry : Point (avec georel=near) ou Polygon"),
    ],
)  # fmt: skip
def test_a_bad_polygon_is_a_400_saying_why(client, key, coordinates, geometry, message):
    response = within(client, key, coordinates, geometry=geometry, type="Device")
    assert response.status_code == 400
    assert response.json()["type"].endswith("BadRequestData")
    assert message in response.json()["title"]


@pytest.mark.parametrize(
    ("coordinates", "message"),
    [
        (None, "coordinates est obligatoire avec georel"),
        ("[[[5.38, NaN], [5.39, 43.29], [5.39, 43.3], [5.38, 43.29]]]", "JSON illisible"),
        ("[" * 40_001, "coordinates : trop long"),
    ],
)
def test_unreadable_coordinates_are_a_400(client, key, coordinates, message):
    params = {"type": "Device", "georel": "within", "geometry": "Polygon"}
    if coordinates is not None:
        params["coordinates"] = coordinates
    response = get(client, key, **params)
    assert response.status_code == 400
    assert message in response.json()["title"]


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
        ({"type": "Device", "georel": "contains"}, "georel : « near;maxDistance==mètres »"),
        ({"type": "Device", "georel": "near;maxDistance==10", "geometry": "Point",
          "coordinates": "[" * 5000}, "coordinates : JSON illisible"),
        ({"type": "Device", "georel": "near;maxDistance==10", "geometry": "Point",
          "coordinates": "[true, 43]"}, "coordinates : [longitude,latitude]"),
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
