"""jurisdiction_id: the one this platform serves is accepted, any other answers the spec's 404."""

from __future__ import annotations

import pytest

from massalia.open311.openapi import build_document
from massalia.open311.tests.helpers import as_json, json_errors, xml_errors
from massalia.testing import INSIDE

LAT, LON = INSIDE["BELSUNCE"]


@pytest.fixture
def jurisdiction(settings) -> str:
    settings.SITE_URL = "https://signalements.ville.test"
    return "signalements.ville.test"


def reads(request_id: int) -> list[str]:
    return [
        "/open311/v2/services.json",
        "/open311/v2/services/lampadaire.json",
        "/open311/v2/requests.json",
        f"/open311/v2/requests/{request_id}.json",
    ]


def test_it_answers_404_for_an_unknown_jurisdiction(api, city, jurisdiction, file_request):
    filed = file_request()
    for url in reads(filed.pk):
        response = api.get(url, {"jurisdiction_id": "autre-ville.test"})
        assert response.status_code == 404, url
        [(code, description)] = json_errors(response)
        assert code == 404
        assert "autre-ville.test" in description
    response = api.get("/open311/v2/services.xml", {"jurisdiction_id": "autre-ville.test"})
    assert response.status_code == 404
    assert xml_errors(response)[0][0] == 404


def test_it_answers_404_to_a_post_for_an_unknown_jurisdiction(api, city, jurisdiction, key):
    fields = {"api_key": key, "service_code": "lampadaire", "lat": LAT, "long": LON}
    response = api.post("/open311/v2/requests.json", {**fields, "jurisdiction_id": "ailleurs"})
    assert response.status_code == 404
    assert json_errors(response)[0][0] == 404
    response = api.post("/open311/v2/requests.xml?jurisdiction_id=ailleurs", fields)
    assert response.status_code == 404
    assert xml_errors(response)[0][0] == 404
    assert city.types["lampadaire"].requests.count() == 0
    response = api.post("/open311/v2/requests.json", {**fields, "jurisdiction_id": jurisdiction})
    assert response.status_code == 200


def test_it_serves_its_own_jurisdiction_or_none(api, city, jurisdiction, file_request):
    filed = file_request()
    for url in reads(filed.pk):
        for value in (jurisdiction, ""):
            response = api.get(url, {"jurisdiction_id": value})
            assert response.status_code == 200, (url, value)
        assert api.get(url).status_code == 200


def test_it_documents_the_one_jurisdiction(city, jurisdiction):
    document = build_document()
    for path, operations in document["paths"].items():
        for operation in operations.values():
            names = {p["name"]: p for p in operation.get("parameters", [])}
            if path == "/discovery.json" or operation["operationId"] == "create_request":
                assert "jurisdiction_id" not in names
                continue
            assert names["jurisdiction_id"]["schema"]["enum"] == [jurisdiction], path
            assert "404" in operation["responses"], path
    body = document["components"]["schemas"]["NewRequest"]["properties"]["jurisdiction_id"]
    assert body["enum"] == [jurisdiction]


def test_it_takes_the_jurisdiction_from_the_settings(api, city, jurisdiction, settings):
    settings.OPEN311_JURISDICTION = "marseille.fr"
    response = api.get("/open311/v2/services.json", {"jurisdiction_id": "marseille.fr"})
    assert response.status_code == 200
    assert as_json(response)
    response = api.get("/open311/v2/services.json", {"jurisdiction_id": jurisdiction})
    assert response.status_code == 404
