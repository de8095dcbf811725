"""Open311's error format: core's `ApiError` rendered as the spec's errors document.

The spec requires `[{"code": 400, "description": "…"}]` (and its XML twin), so Open311 keeps it
instead of the platform's general `{"error": {...}}`; the status goes in `code`, each fault is
one description ("field : message" when it names a field).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from massalia.core.api.errors import ApiError, bad_request, finish, not_found
from massalia.open311 import renderers, serializers

__all__ = ["ApiError", "bad_request", "descriptions", "not_found", "render_error"]
# Faults about the request as a whole, whatever the field a service named.
_PLAIN = {None, "location"}


def descriptions(error: ApiError) -> list[str]:
    if not error.details:
        return [error.message]
    return [
        d.message if d.named or d.field in _PLAIN else f"{d.field} : {d.message}"
        for d in error.details
    ]


def render_error(request: HttpRequest, error: ApiError) -> HttpResponse:
    """The errors document, in XML (the spec's required format) unless the path ends in .json."""
    fmt = "json" if request.path.endswith(".json") else "xml"
    body = serializers.errors(error.status, descriptions(error))
    response = renderers.render(body, fmt, root="errors", status=error.status)
    if request.method in ("GET", "HEAD"):
        response["Access-Control-Allow-Origin"] = "*"
    return finish(response, error)
