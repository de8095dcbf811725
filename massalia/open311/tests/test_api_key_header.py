"""The X-Api-Key header: documented, and accepted for POST in place of the api_key field."""

from __future__ import annotations

import json

from massalia.open311.openapi import build_document
from massalia.open311.tests.helpers import as_json, json_errors
from massalia.servicerequests.models import ServiceRequest
from massalia.testing import INSIDE

POST = "/open311/v2/requests.json"
LAT, LON = INSIDE["NOAILLES"]
FIELDS = {"service_code": "lampadaire", "lat": LAT, "long": LON}


def test_it_files_a_request_with_the_key_in_the_header(api, key, city):
    response = api.post(POST, FIELDS, headers={"X-Api-Key": key})
    assert response.status_code == 200
    case = ServiceRequest.objects.get(pk=as_json(response)[0]["service_request_id"])
    assert case.open311_submission.api_key.name == "app-citoyenne"
    body = json.dumps(FIELDS)
    response = api.post(POST, body, content_type="application/json", headers={"X-Api-Key": key})
    assert response.status_code == 200


def test_it_checks_the_header_key_as_the_field(api, key, city):
    response = api.post(POST, FIELDS, headers={"X-Api-Key": "m311_inventee"})
    assert response.status_code == 403
    assert "X-Api-Key" in json_errors(response)[0][1]
    assert not ServiceRequest.objects.exists()


def test_it_documents_the_header_on_every_operation():
    for path, operations in build_document()["paths"].items():
        for method, operation in operations.items():
            names = [p["name"] for p in operation["parameters"]]
            assert "X-Api-Key" in names, (method, path)
    schema = build_document()["components"]["schemas"]["NewRequest"]
    assert "api_key" not in schema["required"]
