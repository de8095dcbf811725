"""Logs: one line of JSON per record in production (`LOG_FORMAT=json`), plain text otherwise.

Every record carries the id of the HTTP request being served (`RequestIdMiddleware`), so the
lines of one request can be found across web processes; nginx's `$request_id` is reused when
it sends one in `X-Request-ID`.

Secrets sent in a query string (`?api_key=…`) are redacted from every line (`redact`), including
the access lines of `runserver` and of gunicorn (`massalia/gunicorn_config.py`). A refusal
(`PermissionDenied`, 403) is one warning line, without its traceback.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

_request_id: ContextVar[str] = ContextVar("massalia_request_id", default="")
# A client-supplied id is kept only if it is short and harmless in a log line.
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# The value of `api_key` in a query string, whatever its case, also percent-encoded
# (`api%5Fkey=`, or inside an encoded return address: `?next=%2Fa%3Fapi_key%3D…%26b%3D1`).
_SECRET = re.compile(
    r"((?:^|[?&;\s]|%3f|%26)api(?:_|%5f)key(?:=|%3d))(?:(?!%26)[^&;#\s\"'])+", re.IGNORECASE
)
REDACTED = "[redacted]"
FORMATS = ("text", "json")
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def current_request_id() -> str:
    """The id of the request this thread or task is serving, or ''."""
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (empty outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


def redact(text: str) -> str:
    """`text` with the value of every `api_key` query-string parameter replaced by [redacted]."""
    return _SECRET.sub(rf"\g<1>{REDACTED}", text)


class RedactSecretsFilter(logging.Filter):
    """Redacts secrets from the message of every record (access lines carry query strings)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class ForbiddenInOneLineFilter(logging.Filter):
    """Turns Django's "Forbidden (Permission denied)" record into one line, without traceback.

    A refusal is expected behaviour, not a failure: its traceback says nothing and floods the
    logs when someone probes the site. Method, path and user id are enough to follow it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            request = getattr(record, "request", None)
            user = getattr(request, "user", None)
            who = f"user {user.pk}" if user is not None and user.is_authenticated else "anonymous"
            record.msg = "Forbidden: %s %s (%s)"
            record.args = (getattr(request, "method", "?"), getattr(request, "path", "?"), who)
            record.exc_info = record.exc_text = None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: timestamp, level, logger, message, request id, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "timestamp": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", "") or current_request_id()
        if request_id:
            entry["request_id"] = request_id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        # default=str: a message argument that is not JSON (a model, a path) must not lose the line.
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestIdMiddleware:
    """Gives each request an id (kept from `X-Request-ID` when sane) and returns it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


def logging_config(*, fmt: str, level: str) -> dict[str, Any]:
    """The LOGGING dict for `fmt` ("text" or "json") at `level` (validated by the caller)."""
    formatter: dict[str, Any] = (
        {"()": "massalia.core.logging.JsonFormatter"}
        if fmt == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "massalia.core.logging.RequestIdFilter"},
            "redact_secrets": {"()": "massalia.core.logging.RedactSecretsFilter"},
            "forbidden_in_one_line": {"()": "massalia.core.logging.ForbiddenInOneLineFilter"},
        },
        "formatters": {"main": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "main",
                "filters": ["request_id", "redact_secrets"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            "django.request": {"filters": ["forbidden_in_one_line"]},
            # runserver's access lines, through the console handler so that they are redacted.
            "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }
