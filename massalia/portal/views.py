"""The site's home page: what the city's services offer, and the latest public requests."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from massalia.servicerequests import selectors


def home(request: HttpRequest) -> HttpResponse:
    recent = selectors.public_requests()[:6]
    context = {"recent": recent, "figures": selectors.public_figures()}
    return render(request, "portal/home.html", context)
