"""Logs: JSON lines with the request id in production, plain text in embedded mode."""

from __future__ import annotations

import io
import json
import logging

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from massalia.core.logging import (
    JsonFormatter,
    RequestIdFilter,
    RequestIdMiddleware,
    logging_config,
)


def _json_logger(stream: io.StringIO) -> logging.Logger:
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("massalia.tests.json")
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger


def test_it_writes_one_json_object_per_record_with_the_exception():
    stream = io.StringIO()
    logger = _json_logger(stream)
    try:
        raise ValueError("boum")
    except ValueError:
        logger.exception("échec de %s", "l'envoi")
    entry = json.loads(stream.getvalue())
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "massalia.tests.json"
    assert entry["message"] == "échec de l'envoi"
    assert entry["timestamp"].endswith("+00:00")
    assert "ValueError: boum" in entry["exception"]
    assert "request_id" not in entry  # outside a request


def test_it_tags_the_lines_of_a_request_with_its_id():
    stream = io.StringIO()
    logger = _json_logger(stream)

    def view(request: HttpRequest) -> HttpResponse:
        logger.info("dans la vue")
        return HttpResponse("ok")

    middleware = RequestIdMiddleware(view)
    response = middleware(RequestFactory().get("/", HTTP_X_REQUEST_ID="nginx-0123456789abcdef"))
    assert response["X-Request-ID"] == "nginx-0123456789abcdef"
    assert json.loads(stream.getvalue())["request_id"] == "nginx-0123456789abcdef"


def test_it_replaces_an_unsafe_incoming_request_id():
    middleware = RequestIdMiddleware(lambda request: HttpResponse("ok"))
    response = middleware(RequestFactory().get("/", HTTP_X_REQUEST_ID="x\nfaux: en-tête"))
    assert len(response["X-Request-ID"]) == 32
    assert "\n" not in response["X-Request-ID"]


def test_it_builds_a_json_or_text_configuration():
    json_config = logging_config(fmt="json", level="WARNING")
    assert json_config["formatters"]["main"]["()"].endswith("JsonFormatter")
    assert json_config["root"]["level"] == "WARNING"
    text_config = logging_config(fmt="text", level="INFO")
    assert "format" in text_config["formatters"]["main"]
