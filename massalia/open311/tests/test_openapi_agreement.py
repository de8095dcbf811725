"""The OpenAPI document and the server agree: what the document refuses, the server refuses."""

from __future__ import annotations

import re

import pytest
from openapi_schema_validator import OAS30Validator

from massalia.open311.openapi import build_document
from massalia.open311.tests.helpers import json_errors
from massalia.testing import INSIDE

REQUESTS = "/open311/v2/requests.json"
LAT, LON = INSIDE["BELSUNCE"]


def parameter(path: str, method: str, name: str) -> dict:
    operation = build_document()["paths"][path][method]
    return next(p for p in operation["parameters"] if p["name"] == name)


def new_request_validator() -> OAS30Validator:
    document = build_document()
    schema = {**document["components"]["schemas"]["NewRequest"], "components": {}}
    return OAS30Validator(schema)


@pytest.mark.parametrize("name", ["start_date", "end_date"])
def test_it_documents_and_requires_rfc3339_dates(api, city, name):
    assert parameter("/requests.json", "get", name)["schema"]["format"] == "date-time"
    for value in ("2024-05-01", "2024-05-01T10:00:00", "2024-05-01 10:00:00+02:00"):
        response = api.get(REQUESTS, {name: value})
        assert response.status_code == 400, value
        assert name in json_errors(response)[0][1]
    assert api.get(REQUESTS, {name: "2024-05-01T10:00:00+02:00"}).status_code == 200


def test_it_documents_the_idempotency_key_rule_the_server_applies(api, key, city):
    schema = parameter("/requests.json", "post", "Idempotency-Key")["schema"]
    assert (schema["minLength"], schema["maxLength"]) == (1, 255)
    fields = {"api_key": key, "service_code": "lampadaire", "lat": LAT, "long": LON}
    for value, valid in [("a", True), ("~" * 255, True), ("a" * 256, False), ("a b", False)]:
        assert (bool(re.match(schema["pattern"], value)) and len(value) <= 255) == valid
        response = api.post(REQUESTS, fields, headers={"Idempotency-Key": value})
        assert (response.status_code == 200) == valid, value


def test_it_documents_a_non_empty_service_code():
    properties = build_document()["components"]["schemas"]["NewRequest"]["properties"]
    assert properties["service_code"]["minLength"] == 1
    assert parameter("/services/{service_code}.json", "get", "service_code")["schema"] == {
        "type": "string",
        "minLength": 1,
    }


@pytest.mark.parametrize(
    ("place", "valid"),
    [
        ({}, False),
        ({"long": LON}, False),
        ({"lat": LAT}, False),
        ({"address_string": ""}, False),
        ({"lat": LAT, "long": LON}, True),
        ({"address_id": "belsunce"}, True),
        ({"address_id": "belsunce", "lat": LAT}, False),
    ],
)
def test_it_documents_the_location_rule_the_server_applies(api, key, city, place, valid):
    body = {"api_key": key, "service_code": "lampadaire", **place}
    assert new_request_validator().is_valid(body) is valid
    response = api.post(REQUESTS, body, content_type="application/json")
    assert (response.status_code == 200) is valid, response.content
