"""Schemathesis over the OpenAPI document, against the real WSGI application, in process.

Bounded and reproducible: a few derandomized examples per operation. Every answer must be
declared by the document (status code, content type, body schema), and never a 500.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from massalia.open311.openapi import build_document
from massalia.testing import INSIDE

schema = schemathesis.openapi.from_dict(build_document())
schema.app = WSGIHandler()

SERVICE_ERROR = "Erreur du service"
_keys = itertools.count()
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def within_test_transaction() -> Iterator[None]:
    """The WSGI handler closes the connection around each request, as Django's test client
    prevents: the test's transaction (and its data) would be lost."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def published(city, within_test_transaction, settings) -> str:
    """A published request to find, and a valid API key to file new ones."""
    from massalia.open311.services import create_api_key
    from massalia.servicerequests import services

    settings.ALLOWED_HOSTS = ["*"]
    lat, lon = INSIDE["BELSUNCE"]
    services.submit_request(
        request_type=city.types["lampadaire"],
        description="Lampadaire éteint <b>depuis</b> hier",
        latitude=lat,
        longitude=lon,
        requester=city.people["alice"],
    )
    _, raw = create_api_key(name="fuzz")
    return raw


def _with_key(case: schemathesis.Case, key: str) -> None:
    """POSTs carry the real key, and about half a real service and place, to reach the
    service layer rather than stop at 403/404."""
    if case.method != "POST":
        return
    if case.headers and "Idempotency-Key" in case.headers:
        # A fresh key each time: the generated one repeats, and would only ever answer 422.
        case.headers["Idempotency-Key"] = f"fuzz-{next(_keys)}"
    if not isinstance(case.body, dict):
        return
    case.body["api_key"] = key
    if len(case.body) % 2:
        lat, lon = INSIDE["NOAILLES"]
        case.body.update(service_code="lampadaire", lat=lat, long=lon)


@schema.parametrize()
@hypothesis_settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_it_answers_as_documented(case, published):
    _with_key(case, published)
    response = case.call_and_validate(checks=CHECKS)
    # The views turn an unexpected exception into the spec's "general service error" (400):
    # for this test that is a server error all the same.
    assert SERVICE_ERROR not in response.text
