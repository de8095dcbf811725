"""Schemathesis over the OpenAPI document, against the real WSGI application, in process.

Bounded and reproducible: a few derandomized examples per operation, every built-in check
(`--checks all`): every answer declared by the document (status code, content type, headers,
body schema), never a 500, data the document calls valid accepted and data it calls invalid
refused.

Derandomized, yet not the same examples in every run: Hypothesis also draws the literals of the
local modules loaded so far, so a whole-suite run tries other values than this file alone.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from requests.structures import CaseInsensitiveDict
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import positive_data_acceptance

from massalia.open311.openapi import build_document
from massalia.testing import INSIDE

schema = schemathesis.openapi.from_dict(build_document())
schema.app = WSGIHandler()

SERVICE_ERROR = "Erreur du service"
_keys = itertools.count()
_RUN = uuid.uuid4().hex[:12]  # a shared cache (Redis) outlives one run of the suite
# Refusals of data the schema calls valid, for rules no JSON Schema can state: a place outside
# the city or not found, a date range upside down or too long, a media file that is no image,
# or `media` sent as a text part (the file part behind the body's allOf is not one schemathesis
# recognises, so it sometimes sends the bytes without a filename, which is a form field).
BEYOND_THE_SCHEMA = (
    "media : ",
    "media doit être un fichier",
    "en dehors du territoire",
    "Adresse introuvable",
    "address_id inconnu",
    "start_date doit précéder end_date",
    "ne peut pas dépasser 90 jours",
)
# Every built-in check, as `schemathesis run --checks all` would run.
load_all_checks()
ALL_CHECKS = CHECKS.get_all()


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
    from massalia.core.api.keys import create_key
    from massalia.servicerequests import services

    settings.ALLOWED_HOSTS = ["*"]
    # Idempotency records and counters of earlier tests live in the cache, not the database.
    cache.clear()
    lat, lon = INSIDE["BELSUNCE"]
    services.submit_request(
        request_type=city.types["lampadaire"],
        description="Lampadaire éteint <b>depuis</b> hier",
        latitude=lat,
        longitude=lon,
        requester=city.people["alice"],
    )
    _, raw = create_key(name="fuzz")
    return raw


def _is_negative(case: schemathesis.Case, location: ParameterLocation) -> bool:
    component = case.meta.components.get(location) if case.meta else None
    return component is not None and component.mode.is_negative


def _with_key(case: schemathesis.Case, key: str) -> None:
    """POSTs carry the real key, and about half a real service and place, to reach the
    service layer rather than stop at 403/404. Only valid parts are rewritten: an invalid
    one must reach the server as generated, to be refused."""
    if case.method != "POST":
        return
    if not _is_negative(case, ParameterLocation.HEADER):
        if case.headers is None:
            case.headers = CaseInsensitiveDict()
        case.headers["X-Api-Key"] = key
        if "Idempotency-Key" in case.headers:
            # A fresh key each time: the generated one repeats, and would only ever answer 422.
            case.headers["Idempotency-Key"] = f"fuzz-{_RUN}-{next(_keys)}"
    if not isinstance(case.body, dict) or _is_negative(case, ParameterLocation.BODY):
        return
    case.body["api_key"] = key
    if len(case.body) % 2:
        lat, lon = INSIDE["NOAILLES"]
        case.body.update(service_code="lampadaire", lat=lat, long=lon)


def _accepted_unless_beyond_the_schema(response, case=None) -> None:
    """schemathesis' positive_data_acceptance, with the refusals listed above allowed."""
    if response.status_code != 400:
        assert response.status_code in (200, 403, 404, 409, 429), response.status_code
        return
    for error in response.json():
        said = (error, case.body if case else None, case.headers if case else None)
        assert any(rule in error["description"] for rule in BEYOND_THE_SCHEMA), said


@schema.parametrize()
@hypothesis_settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_it_answers_as_documented(case, published):
    _with_key(case, published)
    # The WSGI transport asks for gzip like a browser but does not decode it: ask for none.
    response = case.call_and_validate(
        headers={"Accept-Encoding": "identity"},
        checks=ALL_CHECKS,
        excluded_checks=[positive_data_acceptance],
    )
    if case.meta and case.meta.generation.mode.is_positive:
        _accepted_unless_beyond_the_schema(response, case)
    # The views turn an unexpected exception into the spec's "general service error" (400):
    # for this test that is a server error all the same.
    assert SERVICE_ERROR not in response.text
