"""/health: database, broker (Celery backend only) and outbox, 200 or 503, never a secret."""

from __future__ import annotations

import os
import socket

import pytest
from django.utils import timezone

from massalia.core.models import EventDelivery, OutboxEvent


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        if os.environ.get("MASSALIA_REQUIRE_SERVICES") == "1":
            pytest.fail("MASSALIA_REQUIRE_SERVICES=1 but Redis is not on 127.0.0.1:6379")
        return False


def _pending(count: int, state: str = EventDelivery.State.PENDING) -> None:
    row = OutboxEvent.objects.create(name="test.health", payload={})
    EventDelivery.objects.bulk_create(
        EventDelivery(event=row, subscriber=f"s{i}", state=state, next_attempt_at=timezone.now())
        for i in range(count)
    )


def test_it_reports_a_healthy_embedded_instance(client, db):
    _pending(2)
    _pending(1, EventDelivery.State.FAILED)
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["outbox"] == {"ok": True, "backlog": 2, "failed": 1}
    assert "broker" not in body["checks"]  # inline backend: no broker to ask
    assert response["Cache-Control"].startswith("max-age=0")


def test_it_turns_503_when_the_backlog_is_too_long(client, db, settings):
    settings.HEALTH_MAX_BACKLOG = 2
    _pending(3)
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["checks"]["outbox"]["ok"] is False


def test_it_turns_503_without_naming_an_unreachable_broker(client, db, settings):
    settings.TASKS_BACKEND = "celery"
    settings.CELERY_BROKER_URL = "redis://:motdepasse@127.0.0.1:1/0"
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False
    assert b"motdepasse" not in response.content
    assert b"127.0.0.1" not in response.content


def test_it_pings_a_real_redis_broker(client, db, settings):
    if not _redis_up():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    settings.TASKS_BACKEND = "celery"
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == {"ok": True}


def test_it_refuses_writes(client, db):
    assert client.post("/health").status_code == 405
