"""What Open311 offers the platform: its error document for failures outside its views."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from massalia.core.api.errors import ApiError
from massalia.core.extensions import ErrorFormat, error_formats
from massalia.open311.errors import render_error


def _is_open311(request: HttpRequest) -> bool:
    return request.path.startswith(reverse("open311:root"))


def _error(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """The API's own errors document (no database needed to write it)."""
    return render_error(request, ApiError(status, message))


def register() -> None:
    error_formats.register(ErrorFormat("open311", _is_open311, _error))
