"""The report form's place, looked up as people type or tap: suggestions for an address, the
place an address or a point is understood as, read back before sending (`territory.locations`,
the same resolution as the form's when it files)."""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from massalia.core.security.ratelimit import by_ip, ratelimit
from massalia.territory import gazetteer, locations
from massalia.territory.locations import Found, LocationNotFound
from massalia.territory.models import Quartier

MAX_QUERY = 250  # the form's address field
SUGGESTIONS = 8


# Typing asks once per pause: a few hundred lookups are a long form, not a scraper.
@require_GET
@ratelimit("report-address", rate="300/10m", key=by_ip, methods=("GET",))
def address(request: HttpRequest) -> JsonResponse:
    """`?q=` an address typed so far → suggestions and the place it is understood as;
    `?latitude=&longitude=` a point → its nearest street and quartier."""
    if "q" in request.GET:
        return _typed(request.GET["q"].strip())
    try:
        lat, lon = float(request.GET["latitude"]), float(request.GET["longitude"])
    except (KeyError, ValueError):
        return _bad(gettext("Paramètres attendus : q, ou latitude et longitude."))
    if not (math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180):
        return _bad(gettext("Coordonnées invalides."))
    found = locations.reverse(lat, lon)
    message = "" if found else str(locations.OUTSIDE)
    return JsonResponse({"found": _found(found), "message": message})


def _typed(query: str) -> JsonResponse:
    if not query or len(query) > MAX_QUERY:
        return _bad(gettext("Le paramètre q doit être une adresse de 1 à 250 caractères."))
    number = gazetteer.house_number(query)
    suggestions = [
        {
            "value": ", ".join(p for p in (f"{number} {m.name}".strip(), m.postcode) if p),
            "label": Quartier(name=m.quartier_name).display_name,
            "latitude": m.latitude,
            "longitude": m.longitude,
        }
        for m in gazetteer.search(query, limit=SUGGESTIONS)
    ]
    try:
        found, message = locations.describe(locations.locate(address=query)), ""
    except LocationNotFound as exc:
        found, message = None, str(exc)
    return JsonResponse({"suggestions": suggestions, "found": _found(found), "message": message})


def _found(found: Found | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {
        "address": found.address,
        "label": found.label,
        "text": gettext("Adresse trouvée : %(place)s") % {"place": found.label},
        "quartier_id": found.quartier_id,
        "latitude": found.latitude,
        "longitude": found.longitude,
    }


def _bad(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)
