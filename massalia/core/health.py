"""`/health`: is this process able to serve? JSON, 200 when every check passes, 503 otherwise.

Checks: the database answers `SELECT 1`; with TASKS_BACKEND=celery, the broker answers within
a short timeout; the outbox backlog is below HEALTH_MAX_BACKLOG. Abandoned (failed) event
deliveries are reported but never fail the check: they need a person, not a restart. The
answer names no host, URL or password. This module also routes `/metrics` and the site icon
(`/favicon.ico`).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from massalia.core.metrics import metrics_view
from massalia.core.models import EventDelivery

log = logging.getLogger(__name__)
BROKER_TIMEOUT = 2.0  # seconds: a load balancer's probe must not hang


def check_database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        log.warning("health: database unreachable: %s", type(exc).__name__)
        return {"ok": False, "error": "base de données injoignable"}
    return {"ok": True}


def check_broker(url: str, *, timeout: float = BROKER_TIMEOUT) -> dict[str, Any]:
    """Ping the Celery broker (Redis or AMQP) at `url`."""
    try:
        if url.startswith(("redis://", "rediss://")):
            import redis

            client = redis.Redis.from_url(
                url, socket_connect_timeout=timeout, socket_timeout=timeout
            )
            try:
                client.ping()
            finally:
                client.close()
        else:
            from kombu import Connection

            with Connection(url, connect_timeout=timeout) as conn:
                conn.ensure_connection(max_retries=1, timeout=timeout)
    except Exception as exc:
        log.warning("health: broker unreachable: %s", type(exc).__name__)
        return {"ok": False, "error": "courtier de messages injoignable"}
    return {"ok": True}


def check_outbox() -> dict[str, Any]:
    try:
        pending = EventDelivery.objects.filter(state=EventDelivery.State.PENDING).count()
        failed = EventDelivery.objects.filter(state=EventDelivery.State.FAILED).count()
    except Exception as exc:  # e.g. migrations not applied yet
        log.warning("health: outbox unreadable: %s", type(exc).__name__)
        return {"ok": False, "error": "file d'événements illisible"}
    return {
        "ok": pending <= settings.HEALTH_MAX_BACKLOG,
        "backlog": pending,
        "failed": failed,
    }


def health_report() -> dict[str, Any]:
    """Run every check; `ok` is true only when all of them pass."""
    checks: dict[str, dict[str, Any]] = {"database": check_database()}
    if settings.TASKS_BACKEND == "celery":
        checks["broker"] = check_broker(settings.CELERY_BROKER_URL)
    if checks["database"]["ok"]:
        checks["outbox"] = check_outbox()
    return {"ok": all(check["ok"] for check in checks.values()), "checks": checks}


@never_cache
@require_safe
def health_view(request: HttpRequest) -> JsonResponse:
    report = health_report()
    return JsonResponse(report, status=200 if report["ok"] else 503)


def favicon_view(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever a page says: send them to the site's icon."""
    return HttpResponsePermanentRedirect(static("massalia/favicon.svg"))


urlpatterns = [
    path("health", health_view, name="health"),
    path("metrics", metrics_view, name="metrics"),
    path("favicon.ico", favicon_view, name="favicon"),
]
