"""The site's home page (what the city's services offer, and the latest public requests) and
its information pages (accessibility, legal notice, terms of use, personal data)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from massalia.core import privacy as personal_data
from massalia.portal import site_pages
from massalia.servicerequests import selectors


def home(request: HttpRequest) -> HttpResponse:
    recent = selectors.public_requests()[:6]
    context = {"recent": recent, "figures": selectors.public_figures()}
    return render(request, "portal/home.html", context)


@require_GET
def site_page(request: HttpRequest, slug: str) -> HttpResponse:
    """One of the site's information pages, in the reader's language."""
    page = site_pages.BY_SLUG.get(slug)
    if page is None:
        raise Http404("Page introuvable.")
    title, text = site_pages.text_for(page.key, get_language() or settings.LANGUAGE_CODE)
    context = {"title": site_pages.fill(title), "body": site_pages.render(text), "page": page}
    if page.key == "donnees":
        context["retention"] = sorted(
            (rule.label, rule.days()) for rule in personal_data.retention().values()
        )
    return render(request, "portal/site_page.html", context)
