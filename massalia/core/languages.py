"""The languages of the site: French by default, English and Arabic for every citizen page.

The choice is a link per language (`/langue/<code>/?suivant=<page>`): it works without
JavaScript and without a form, sets the language cookie and goes back to the page. Without a
choice, the browser's `Accept-Language` decides (Django's `LocaleMiddleware`), French when it
names none of ours. Arabic is written right to left: the layout reads `LANGUAGE_BIDI` and sets
`dir="rtl"` on the page, and the style sheet uses logical properties (start/end, not
left/right), so one sheet lays out both directions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

NEXT = "suivant"


class FrenchOnlyMiddleware:
    """The areas written only in French (the agents' and officials' pages, `FRENCH_ONLY_PATHS`)
    are served in French whatever the browser or the cookie says, so their menus and labels do
    not turn English or Arabic around French pages. After `LocaleMiddleware`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefixes = tuple(settings.FRENCH_ONLY_PATHS)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(self.prefixes):
            return self.get_response(request)
        translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        request.french_only = True  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", settings.LANGUAGE_CODE)
        return response


def choose(request: HttpRequest, code: str) -> HttpResponseRedirect:
    """Remember `code` as this person's language and go back to the page they were on."""
    if code not in dict(settings.LANGUAGES):
        raise Http404("Langue inconnue.")
    target = request.GET.get(NEXT, "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


def switcher(request: HttpRequest) -> list[dict[str, Any]]:
    """One link per language for the page's header: its own name, its code, the current one
    (none on a page that exists only in French)."""
    if getattr(request, "french_only", False):
        return []
    current = translation.get_language() or settings.LANGUAGE_CODE
    here = urlencode({NEXT: request.get_full_path()})
    return [
        {
            "code": code,
            "name": name,
            "current": code == current,
            "url": f"{reverse('language', args=[code])}?{here}",
        }
        for code, name in settings.LANGUAGES
    ]
