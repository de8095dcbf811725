"""Every API is declared: each URL of its namespace is an endpoint of its document (or named
as no operation, with the reason), each endpoint is at its real URL, and the generated document
is valid OpenAPI."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from openapi_spec_validator import validate

from massalia.core.api import openapi
from massalia.core.api.endpoints import apis

APIS = [pytest.param(api, id=api.key) for api in apis]


def url_names(namespace: str) -> set[str]:
    """The names of the URL patterns inside `namespace`, wherever it is included."""
    found: set[str] = set()

    def walk(patterns: list, inside: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or inside)
            elif isinstance(pattern, URLPattern) and inside == namespace and pattern.name:
                found.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return found


def test_it_knows_the_apis_of_the_platform():
    assert "open311" in apis


@pytest.mark.parametrize("api", APIS)
def test_it_declares_every_url_of_an_api(api):
    declared = {endpoint.url_name for endpoint in api.endpoints} | set(api.not_operations)
    names = url_names(api.namespace)
    assert names, api.namespace
    assert names - declared == set(), "URLs without a declaration (an Endpoint, or a reason)"
    assert declared - names == set(), "declarations of URLs that do not exist"


@pytest.mark.parametrize("api", APIS)
def test_it_declares_each_endpoint_at_its_real_url(api):
    server = openapi.document(api)["servers"][0]["url"]
    for endpoint in api.endpoints:
        concrete = server + re.sub(r"\{[^}]+\}", "12", endpoint.path)
        match = resolve(concrete)
        assert f"{match.namespace}:{match.url_name}" == endpoint.url_name, endpoint.path


@pytest.mark.parametrize("api", APIS)
def test_it_generates_a_valid_openapi_document(api):
    document = openapi.document(api)
    validate(document)
    operations = [op for ops in document["paths"].values() for op in ops.values()]
    assert len(operations) == len(api.endpoints)
    for operation in operations:
        assert set(operation["responses"]) >= {"200", *map(str, api.usual_errors)}
