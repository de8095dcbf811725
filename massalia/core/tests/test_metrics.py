"""/metrics: Prometheus text with HTTP traffic and domain gauges, for monitoring only."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from massalia.core.metrics import REGISTRY
from massalia.servicerequests import services
from massalia.testing import INSIDE


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # the domain gauges are cached a few seconds


def _sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_it_counts_requests_by_route_name_and_status(client, db):
    before = _sample("massalia_http_requests_total", method="GET", route="health", status="200")
    seen = _sample("massalia_http_request_duration_seconds_count", method="GET", route="health")
    client.get("/health")
    client.get("/health")
    after = _sample("massalia_http_requests_total", method="GET", route="health", status="200")
    assert after - before == 2
    assert _sample(
        "massalia_http_request_duration_seconds_count", method="GET", route="health"
    ) == (seen + 2)
    text = client.get("/metrics").content.decode()
    assert 'massalia_http_requests_total{method="GET",route="health",status="200"}' in text
    assert "massalia_http_request_duration_seconds_bucket{" in text


def test_it_labels_unknown_paths_without_their_path(client, db):
    client.get("/nulle-part-123456/")
    text = client.get("/metrics").content.decode()
    assert "nulle-part" not in text
    assert 'route="none",status="404"' in text


def test_it_computes_domain_gauges_at_scrape_time(client, city):
    lat, lon = INSIDE["BELSUNCE"]
    for _ in range(2):
        services.submit_request(
            request_type=city.types["nid-de-poule"],
            description="Un trou",
            latitude=lat,
            longitude=lon,
            requester=city.people["alice"],
        )
    text = client.get("/metrics").content.decode()
    assert 'massalia_service_requests{status="new"} 2.0' in text
    assert 'massalia_outbox_deliveries{state="pending"}' in text
    assert 'massalia_outbox_deliveries{state="failed"} 0.0' in text


def test_it_serves_only_loopback_clients_without_a_token(client, db):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 403
    # Through a reverse proxy on this machine the socket is loopback, the client is not.
    proxied = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert proxied.status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="::1").status_code == 200


def test_it_wants_the_bearer_token_when_one_is_set(client, db, settings):
    settings.METRICS_TOKEN = "jeton-de-supervision"
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer autre")
    assert wrong.status_code == 401
    assert wrong["WWW-Authenticate"].startswith("Bearer")
    right = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer jeton-de-supervision"
    )
    assert right.status_code == 200
    assert right["Content-Type"].startswith("text/plain; version=")
