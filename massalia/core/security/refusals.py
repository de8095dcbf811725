"""How a refused request is answered: one shape, rendered as the caller's API expects.

An API with its own error format (Open311) passes its own `Responder` to the decorators;
the default answers JSON to JSON clients and a French HTML page to everyone else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from massalia.core.api.errors import from_refusal, render_json


@dataclass(frozen=True)
class Refusal:
    """Why a request was not run: an HTTP status, a French message, and when to come back."""

    status: int
    title: str
    message: str
    retry_after: int | None = None


# (request, refusal, the view's keyword arguments) → the response to send.
Responder = Callable[[HttpRequest, Refusal, Mapping[str, Any]], HttpResponse]


def wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return (
        request.content_type == "application/json"
        or request.path.endswith(".json")
        or ("application/json" in accept and "text/html" not in accept)
    )


def default_responder(
    request: HttpRequest, refusal: Refusal, kwargs: Mapping[str, Any]
) -> HttpResponse:
    """The APIs' general JSON error (`core.api.errors`) for JSON clients, otherwise the site's
    French error page."""
    if wants_json(request):
        error = from_refusal(refusal.status, refusal.message, refusal.retry_after)
        return render_json(request, error)
    context = {"title": refusal.title, "message": refusal.message}
    response = render(request, "errors/error.html", context, status=refusal.status)
    return with_retry_after(response, refusal)


def with_retry_after(response: HttpResponse, refusal: Refusal) -> HttpResponse:
    if refusal.retry_after is not None:
        response["Retry-After"] = str(max(1, refusal.retry_after))
    return response


def wait_phrase(seconds: int) -> str:
    """'30 secondes', '2 minutes', '1 heure' — how long to wait, in French."""
    if seconds < 60:
        return f"{seconds} seconde{'s' if seconds > 1 else ''}"
    minutes = -(-seconds // 60)
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes > 1 else ''}"
    hours = -(-minutes // 60)
    return f"{hours} heure{'s' if hours > 1 else ''}"
