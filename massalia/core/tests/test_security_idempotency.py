"""Idempotency keys: a retried POST is replayed, never filed twice; a reused key is refused."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from massalia.core.api.keys import create_key
from massalia.core.security.idempotency import idempotent
from massalia.servicerequests.models import ServiceRequest
from massalia.testing import INSIDE

POST = "/open311/v2/requests.json"
LAT, LON = INSIDE["LA JOLIETTE"]


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def key(city) -> str:
    return create_key(name="appli-mobile")[1]


def report(key: str, description: str = "Lampadaire éteint") -> dict[str, object]:
    return {
        "api_key": key,
        "service_code": "lampadaire",
        "lat": LAT,
        "long": LON,
        "description": description,
        "email": "citoyen@example.org",
    }


def post(client: Client, fields: dict[str, object], idempotency_key: str, url: str = POST):
    return client.post(url, fields, HTTP_IDEMPOTENCY_KEY=idempotency_key)


def test_it_replays_a_retry_and_files_one_request(client: Client, key):
    first = post(client, report(key), "essai-1")
    retry = post(client, report(key), "essai-1")
    assert first.status_code == retry.status_code == 200
    assert retry.content == first.content
    assert retry["Content-Type"] == first["Content-Type"]
    assert retry["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    assert ServiceRequest.objects.count() == 1


def test_it_replays_a_json_retry(client: Client, key):
    body = json.dumps(report(key))
    sent = [
        client.post(POST, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k")
        for _ in range(2)
    ]
    assert sent[0].content == sent[1].content
    assert ServiceRequest.objects.count() == 1


def test_it_refuses_a_key_reused_for_another_body(client: Client, key):
    assert post(client, report(key), "essai-2").status_code == 200
    refused = post(client, report(key, "Un autre lampadaire"), "essai-2")
    assert refused.status_code == 422
    [error] = json.loads(refused.content)
    assert error["code"] == 422
    assert "Idempotency-Key" in error["description"]
    assert ServiceRequest.objects.count() == 1


def test_it_answers_the_refusal_in_xml_for_xml_clients(client: Client, key):
    url = "/open311/v2/requests.xml"
    assert post(client, report(key), "essai-xml", url).status_code == 200
    refused = post(client, report(key, "Autre"), "essai-xml", url)
    assert refused.status_code == 422
    assert b"<code>422</code>" in refused.content


def test_it_scopes_keys_to_each_api_key(client: Client, key):
    other = create_key(name="autre-appli")[1]
    assert post(client, report(key), "commun").status_code == 200
    assert post(client, report(other), "commun").status_code == 200
    assert ServiceRequest.objects.count() == 2


def test_it_files_again_without_a_key_or_with_a_new_key(client: Client, key):
    client.post(POST, report(key))
    client.post(POST, report(key))
    post(client, report(key), "a")
    post(client, report(key), "b")
    assert ServiceRequest.objects.count() == 4


def test_it_lets_a_refused_request_be_corrected_under_the_same_key(client: Client, key):
    wrong = {**report(key), "service_code": "inconnu"}
    assert post(client, wrong, "corrige").status_code == 404
    assert post(client, report(key), "corrige").status_code == 200
    assert ServiceRequest.objects.count() == 1


def test_it_refuses_a_malformed_key(client: Client, key):
    refused = post(client, report(key), "x" * 300)
    assert refused.status_code == 400
    assert ServiceRequest.objects.count() == 0


def test_it_refuses_a_retry_while_the_first_attempt_runs(db: None) -> None:
    factory = RequestFactory()
    runs: list[int] = []

    @idempotent("essai")
    def view(request: HttpRequest) -> HttpResponse:
        runs.append(1)
        if len(runs) == 1:
            # A second delivery of the same request arrives before the first one ends.
            concurrent = view(factory.post("/", {"a": "1"}, HTTP_IDEMPOTENCY_KEY="k"))
            assert concurrent.status_code == 409
            assert concurrent["Retry-After"] == "1"
        return HttpResponse("créé", status=201)

    first = view(factory.post("/", {"a": "1"}, HTTP_IDEMPOTENCY_KEY="k"))
    replay = view(factory.post("/", {"a": "1"}, HTTP_IDEMPOTENCY_KEY="k"))
    assert first.status_code == replay.status_code == 201
    assert replay["Idempotent-Replayed"] == "true"
    assert len(runs) == 1


def test_it_frees_the_key_when_the_view_fails(db: None) -> None:
    factory = RequestFactory()

    @idempotent("essai")
    def broken(request: HttpRequest) -> HttpResponse:
        raise RuntimeError("panne")

    @idempotent("essai")
    def working(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    with pytest.raises(RuntimeError):
        broken(factory.post("/", {"a": "1"}, HTTP_IDEMPOTENCY_KEY="k"))
    assert working(factory.post("/", {"a": "1"}, HTTP_IDEMPOTENCY_KEY="k")).status_code == 200
