"""The database is down: answer 503 with Retry-After, never a 500, and reconnect afterwards.

`DatabaseUnavailableMiddleware` turns `OperationalError` / `InterfaceError` (connection
refused, server closed the connection, database starting up or shutting down) into a 503:
a short French page for browsers, `{"error": ...}` for JSON clients, and an API's own error
document where the API registered one (`core.extensions.error_formats`: Open311's).

Two ways a failure reaches it:
- the exception escapes the view (`process_exception`);
- something below caught it and answered with a 5xx: the response is replaced when Django's
  own flag `connection.errors_occurred` is set and the connection no longer answers.

Either way the broken connection is closed so that the thread's next request opens a new
one instead of failing on a dead socket. The 503 page uses no template, session or database.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse

from massalia.core.extensions import error_format_for

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
TITLE = "Service momentanément indisponible"
MESSAGE = (
    "La base de données ne répond pas pour le moment. Rien n'a été enregistré : "
    "merci de réessayer dans quelques secondes."
)
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)
# Marks our own answer so that a second pass (process_exception, then __call__) leaves it.
MARK = "_massalia_database_unavailable"

_PAGE = """<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title></head>
<body><main><h1>{title}</h1><p>{message}</p><p><a href="">Réessayer</a></p></main></body>
</html>
"""


class DatabaseUnavailableMiddleware:
    """Answer 503 + Retry-After when the database cannot be reached (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(response, MARK, False) or response.status_code < 500:
            return response
        if not database_unreachable():
            return response
        log.warning(
            "database unreachable: %s %s answered %s, replaced by 503",
            request.method,
            request.path,
            response.status_code,
        )
        close_broken_connections()
        return unavailable_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, UNAVAILABLE_ERRORS):
            return None
        log.warning(
            "database unreachable: %s %s: %s: %s",
            request.method,
            request.path,
            type(exception).__name__,
            str(exception).strip().splitlines()[0][:200] if str(exception).strip() else "",
        )
        close_broken_connections()
        return unavailable_response(request)


def database_unreachable() -> bool:
    """True when a connection saw an error that may break it and it no longer answers."""
    for conn in connections.all(initialized_only=True):
        if not conn.errors_occurred:
            continue
        if conn.connection is None:
            return True  # the failure was the connection attempt itself
        try:
            if not conn.is_usable():
                return True
        except Exception:  # a probe on a dead socket may raise instead of answering False
            return True
    return False


def close_broken_connections() -> None:
    """Close every connection that saw an error, so the next request reconnects."""
    for conn in connections.all(initialized_only=True):
        if not conn.errors_occurred and conn.connection is not None:
            continue
        try:
            conn.close()
        except Exception:  # closing a dead socket can fail; the handle is dropped anyway
            log.debug("closing a broken database connection failed", exc_info=True)
            conn.connection = None


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 answer in the caller's format, with Retry-After."""
    api = error_format_for(request)
    if api is not None:
        response = api.respond(request, 503, MESSAGE)
    elif _wants_json(request):
        response = HttpResponse(
            json.dumps({"error": MESSAGE}, ensure_ascii=False),
            content_type="application/json",
            status=503,
        )
    else:
        response = HttpResponse(
            _PAGE.format(title=TITLE, message=MESSAGE),
            content_type="text/html; charset=utf-8",
            status=503,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    setattr(response, MARK, True)
    return response


def _wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return (
        request.content_type == "application/json"
        or request.path.endswith(".json")
        or ("application/json" in accept and "text/html" not in accept)
    )
