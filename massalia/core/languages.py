"""The languages of the site: French by default, English and Arabic for every citizen page.

The choice is a link per language (`/langue/<code>/?suivant=<page>`): it works without
JavaScript and without a form, sets the language cookie and goes back to the page. Without a
choice, the browser's `Accept-Language` decides (Django's `LocaleMiddleware`), French when it
names none of ours. Arabic is written right to left: the layout reads `LANGUAGE_BIDI` and sets
`dir="rtl"` on the page, and the style sheet uses logical properties (start/end, not
left/right), so one sheet lays out both directions.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

NEXT = "suivant"


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
    """One link per language for the page's header: its own name, its code, the current one."""
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
