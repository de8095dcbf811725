"""Prometheus metrics at `/metrics`: HTTP traffic and the gauges apps register (outbox, requests).

HTTP counts and latencies are recorded by `MetricsMiddleware` in each process. With several
gunicorn workers, set PROMETHEUS_MULTIPROC_DIR (read by prometheus-client) to a shared empty
folder so that a scrape sums every worker. Domain gauges are computed at scrape time with one
or two grouped queries, kept a few seconds in the cache so several scrapers cost one count.

Access: with METRICS_TOKEN set, a scraper sends `Authorization: Bearer <token>`; without it,
only loopback clients that did not come through a proxy are served.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.multiprocess import MultiProcessCollector

log = logging.getLogger(__name__)
REGISTRY = CollectorRegistry()
# Any other method (a scanner's "PROPFIND") is counted as "other" to bound the label values.
_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
_PROXY_HEADERS = ("X-Forwarded-For", "X-Real-IP", "Forwarded")
_DOMAIN_CACHE_KEY = "massalia:metrics:domain"
_DOMAIN_CACHE_SECONDS = 10

HTTP_REQUESTS = Counter(
    "massalia_http_requests",
    "HTTP requests served, by method, route name and status.",
    ["method", "route", "status"],
    registry=REGISTRY,
)
HTTP_LATENCY = Histogram(
    "massalia_http_request_duration_seconds",
    "Time to serve an HTTP request, by method and route name.",
    ["method", "route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=REGISTRY,
)


class MetricsMiddleware:
    """Counts each request and its latency under its route name (never its raw path)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        method = request.method if request.method in _METHODS else "other"
        match = getattr(request, "resolver_match", None)
        # Route names, not paths: /requests/123 and /requests/124 are one series.
        route = (match.view_name if match else "") or "none"
        HTTP_REQUESTS.labels(method, route, str(response.status_code)).inc()
        HTTP_LATENCY.labels(method, route).observe(elapsed)
        return response


@dataclass(frozen=True)
class Gauge:
    """A domain gauge counted at scrape time: `count()` returns {label value: number}."""

    name: str
    help: str
    label: str
    count: Callable[[], dict[str, int]]


_gauges: dict[str, Gauge] = {}


def register_gauge(gauge: Gauge) -> None:
    """Apps register their gauges in AppConfig.ready(); core never imports them."""
    _gauges[gauge.name] = gauge


class DomainCollector:
    """Gauges computed at scrape time from the database, cached for a few seconds."""

    def describe(self) -> list[Metric]:
        return []  # nothing to query when the collector is registered

    def collect(self) -> Iterator[Metric]:
        values = cache.get(_DOMAIN_CACHE_KEY)
        if values is None:
            values = {name: _safe_count(gauge) for name, gauge in _gauges.items()}
            cache.set(_DOMAIN_CACHE_KEY, values, _DOMAIN_CACHE_SECONDS)
        for name, gauge in sorted(_gauges.items()):
            family = GaugeMetricFamily(gauge.name, gauge.help, labels=[gauge.label])
            for value, count in sorted(values.get(name, {}).items()):
                family.add_metric([value], count)
            yield family


def _safe_count(gauge: Gauge) -> dict[str, int]:
    try:
        return gauge.count()
    except Exception as exc:  # the database is down: HTTP metrics are still worth serving
        log.warning("metrics: gauge %s unavailable: %s", gauge.name, type(exc).__name__)
        return {}


def count_by(model: Any, field: str) -> dict[str, int]:
    """Rows of `model` by value of `field` (one GROUP BY query)."""
    rows = model.objects.order_by().values_list(field).annotate(n=Count("pk"))
    return {str(value): int(n) for value, n in rows}


def _outbox() -> dict[str, int]:
    from massalia.core.models import EventDelivery

    return {**dict.fromkeys(EventDelivery.State.values, 0), **count_by(EventDelivery, "state")}


register_gauge(
    Gauge(
        name="massalia_outbox_deliveries",
        help="Event deliveries of the outbox, by state (pending is the backlog).",
        label="state",
        count=_outbox,
    )
)
REGISTRY.register(DomainCollector())  # type: ignore[arg-type]  # a duck-typed Collector


def exposition() -> bytes:
    """The current metrics in Prometheus' text format."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        registry.register(DomainCollector())  # type: ignore[arg-type]  # duck-typed
        return generate_latest(registry)
    return generate_latest(REGISTRY)


def may_scrape(request: HttpRequest) -> bool:
    """A bearer token when METRICS_TOKEN is set; otherwise a direct loopback client only."""
    token = settings.METRICS_TOKEN
    if token:
        supplied = request.headers.get("Authorization", "")
        return hmac.compare_digest(supplied.encode(), f"Bearer {token}".encode())
    if any(request.headers.get(header) for header in _PROXY_HEADERS):
        return False  # came through a reverse proxy: the client is not on this machine
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def metrics_view(request: HttpRequest) -> HttpResponse:
    if not may_scrape(request):
        response = HttpResponse(
            "Accès réservé à la supervision.\n",
            status=401 if settings.METRICS_TOKEN else 403,
            content_type="text/plain; charset=utf-8",
        )
        if settings.METRICS_TOKEN:
            response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    response = HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response
