"""The OpenAPI document: valid, served, and in step with the URLs it describes."""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse
from openapi_spec_validator import validate

from massalia.open311.openapi import build_document


def test_it_is_a_valid_openapi_document():
    validate(build_document())


def test_it_serves_the_document_as_json(client):
    response = client.get(reverse("open311:openapi"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    validate(document)
    assert document["servers"] == [{"url": "/open311/v2"}]


def test_it_refuses_other_methods(client):
    assert client.post(reverse("open311:openapi")).status_code == 405


@pytest.mark.parametrize(
    ("path", "url_name"),
    [
        ("/discovery.json", "open311:discovery"),
        ("/services.json", "open311:services"),
        ("/services/{service_code}.json", "open311:service_definition"),
        ("/requests.json", "open311:requests"),
        ("/requests/{service_request_id}.json", "open311:request_detail"),
    ],
)
def test_it_describes_every_endpoint_at_its_real_url(path, url_name):
    document = build_document()
    assert path in document["paths"]
    concrete = document["servers"][0]["url"] + path.replace("{service_code}", "lampadaire")
    concrete = concrete.replace("{service_request_id}", "12")
    assert f"{resolve(concrete).namespace}:{resolve(concrete).url_name}" == url_name


def test_it_declares_the_error_document_for_every_failure():
    document = build_document()
    for operations in document["paths"].values():
        for operation in operations.values():
            for status, response in operation["responses"].items():
                if status != "200":
                    name = response["$ref"].rsplit("/", 1)[1]
                    body = document["components"]["responses"][name]["content"]
                    assert body["application/json"]["schema"] == {
                        "$ref": "#/components/schemas/Errors"
                    }


def test_it_documents_every_filter_of_the_requests_list():
    parameters = build_document()["paths"]["/requests.json"]["get"]["parameters"]
    names = {p["name"] for p in parameters}
    assert {"service_request_id", "service_code", "start_date", "end_date", "status"} <= names
    assert "page_size" in names


def test_it_documents_the_post_form_fields_and_the_api_key():
    post = build_document()["paths"]["/requests.json"]["post"]
    content = post["requestBody"]["content"]
    assert set(content) == {
        "application/x-www-form-urlencoded",
        "application/json",
        "multipart/form-data",
    }
    schema = build_document()["components"]["schemas"]["NewRequest"]
    assert schema["required"] == ["service_code"]  # the key may come as X-Api-Key instead
    assert "api_key" in schema["properties"]
    assert {"lat", "long", "address_string", "address_id", "description"} <= set(
        schema["properties"]
    )
    assert {"200", "400", "403", "404", "405", "409", "422", "429"} == set(post["responses"])
