"""A request with a method a view does not take gets an answer that says so, in French.

Django's `require_POST` and friends answer 405 with an empty body: a person who followed a
link to an action sees a blank page. This middleware gives that 405 the site's error page, or
the caller's API format, and keeps its `Allow` header.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from massalia.core.extensions import error_format_for
from massalia.core.security.refusals import Refusal, default_responder

TITLE = "Action impossible depuis cette adresse"


def message(method: str, allowed: str) -> str:
    if method == "GET" and "POST" in allowed:
        return (
            "Cette adresse sert à envoyer un formulaire : elle ne s'ouvre pas comme une page. "
            "Revenez à la page précédente et utilisez son bouton."
        )
    return f"La méthode {method} n'est pas acceptée ici (acceptées : {allowed or 'aucune'})."


class MethodNotAllowedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.streaming or response.content:
            return response
        allowed = response.get("Allow", "")
        text = message(request.method or "", allowed)
        api = error_format_for(request)
        if api is not None:
            answer = api.respond(request, 405, text)
        else:
            answer = default_responder(request, Refusal(405, TITLE, text), {})
        if allowed:
            answer["Allow"] = allowed
        return answer
