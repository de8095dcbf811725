"""Rate limits: 429 with Retry-After past the rate, per key and per IP, French pages, lockout."""

from __future__ import annotations

import json

from django.test import Client

from massalia.core.api.keys import create_key
from massalia.servicerequests.models import ServiceRequest
from massalia.testing import INSIDE, PASSWORD

POST = "/open311/v2/requests.json"
LAT, LON = INSIDE["LA JOLIETTE"]


def report(key: str) -> dict[str, object]:
    return {
        "api_key": key,
        "service_code": "lampadaire",
        "lat": LAT,
        "long": LON,
        "description": "Lampadaire éteint",
        "email": "citoyen@example.org",
    }


def errors(response) -> list[tuple[int, str]]:
    return [(e["code"], e["description"]) for e in json.loads(response.content)]


def test_it_refuses_open311_posts_past_the_rate_with_retry_after(client: Client, city, limits):
    limits.RATELIMIT_RATES = {"open311-post": "3/m"}
    _, key = create_key(name="appli")
    for _ in range(3):
        assert client.post(POST, report(key)).status_code == 200
    refused = client.post(POST, report(key))
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    [(code, description)] = errors(refused)
    assert code == 429
    assert "trop de requêtes" in description
    assert ServiceRequest.objects.count() == 3


def test_it_counts_each_api_key_apart(client: Client, city, limits):
    limits.RATELIMIT_RATES = {"open311-post": "1/m"}
    _, first = create_key(name="premiere")
    _, second = create_key(name="seconde")
    assert client.post(POST, report(first)).status_code == 200
    assert client.post(POST, report(first)).status_code == 429
    assert client.post(POST, report(second)).status_code == 200


def test_it_limits_open311_posts_per_ip_whatever_the_key(client: Client, city, limits):
    # The environment variable's name works as well as the scope's.
    limits.RATELIMIT_RATES = {"RATELIMIT_OPEN311_POST_IP": "2/m"}
    keys = [create_key(name=f"appli-{i}")[1] for i in range(3)]
    assert [client.post(POST, report(k)).status_code for k in keys] == [200, 200, 429]


def test_it_reads_the_api_key_of_a_json_body(client: Client, city, limits):
    limits.RATELIMIT_RATES = {"open311-post": "1/m"}
    _, key = create_key(name="appli-json")
    body = json.dumps(report(key))
    sent = [client.post(POST, body, content_type="application/json") for _ in range(2)]
    assert [r.status_code for r in sent] == [200, 429]


def test_it_limits_open311_reads_in_the_asked_format(client: Client, city, limits):
    limits.RATELIMIT_RATES = {"open311-read": "2/m"}
    assert client.get("/open311/v2/services.xml").status_code == 200
    assert client.get("/open311/v2/services.xml").status_code == 200
    refused = client.get("/open311/v2/services.xml")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "text/xml; charset=utf-8"
    assert b"<code>429</code>" in refused.content
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert "Retry-After" in refused


def test_it_answers_a_french_page_past_the_report_rate(client: Client, city, limits):
    limits.RATELIMIT_RATES = {"report": "1/m"}
    url = "/signaler/lampadaire/"
    assert client.post(url, {"description": ""}).status_code == 200  # form shown with errors
    refused = client.post(url, {"description": ""})
    assert refused.status_code == 429
    assert "Retry-After" in refused
    html = refused.content.decode("utf-8")
    assert "Trop de requêtes" in html
    assert 'lang="fr"' in html
    assert client.get(url).status_code == 200  # reading the form is not counted


def test_it_limits_sign_ups_per_ip(client: Client, city, limits):
    limits.RATELIMIT_RATES = {"signup": "2/h"}
    codes = [client.post("/compte/inscription/", {}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_it_locks_sign_in_after_ten_failures(client: Client, city, limits):
    url = "/compte/connexion/"
    for _ in range(10):
        failed = client.post(url, {"username": "alice", "password": "mauvais"})
        assert failed.status_code == 200
    locked = client.post(url, {"username": "alice", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Connexion temporairement bloquée" in locked.content.decode("utf-8")
    assert int(locked["Retry-After"]) <= 15 * 60
    # Another account from the same address is not locked.
    assert client.post(url, {"username": "bob", "password": PASSWORD}).status_code == 302


def test_it_forgets_failures_after_a_successful_sign_in(client: Client, city, limits):
    limits.RATELIMIT_RATES = {"login-failures": "2/15m"}
    url = "/compte/connexion/"
    client.post(url, {"username": "alice", "password": "mauvais"})
    assert client.post(url, {"username": "alice", "password": PASSWORD}).status_code == 302
    client.logout()
    client.post(url, {"username": "alice", "password": "mauvais"})
    assert client.post(url, {"username": "alice", "password": PASSWORD}).status_code == 302


def test_it_counts_clients_behind_our_proxy_apart(client: Client, city, limits):
    limits.RATELIMIT_RATES = {"signup": "1/h"}
    limits.TRUSTED_PROXY_COUNT = 1

    def signup(address: str) -> int:
        forwarded = f"6.6.6.6, {address}"  # the left part is the client's own claim
        return client.post("/compte/inscription/", {}, HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert signup("203.0.113.1") == 200
    assert signup("203.0.113.2") == 200
    assert signup("203.0.113.1") == 429


def test_it_does_not_limit_when_disabled(client: Client, city, limits):
    limits.RATELIMIT_ENABLED = False
    limits.RATELIMIT_RATES = {"open311-post": "1/m", "open311-post-ip": "1/m"}
    _, key = create_key(name="appli")
    assert [client.post(POST, report(key)).status_code for _ in range(3)] == [200, 200, 200]
    assert ServiceRequest.objects.count() == 3
