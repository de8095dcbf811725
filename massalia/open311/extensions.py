"""What Open311 offers the platform: its error document for failures outside its views."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from massalia.core.extensions import ErrorFormat, error_formats
from massalia.open311 import renderers, serializers


def _is_open311(request: HttpRequest) -> bool:
    return request.path.startswith(reverse("open311:root"))


def _error(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """The spec's errors document, in the format the path asks for; no database needed."""
    fmt = "xml" if request.path.endswith(".xml") else "json"
    return renderers.render(
        serializers.errors(status, [message]), fmt, root="errors", status=status
    )


def register() -> None:
    error_formats.register(ErrorFormat("open311", _is_open311, _error))
