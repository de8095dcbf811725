"""The stop pages: next departures for each line and direction, the tag and the code to
download, and the installers' sheet (agents only)."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from massalia.core import exports
from massalia.core.permissions import require
from massalia.servicerequests.models import RequestType
from massalia.transit import realtime, selectors, tags
from massalia.transit.models import Feed, Stop

# Departures read to fill the lines' lists (a rare line still shows among frequent ones).
LOOKED_AHEAD = 60
PER_LINE = 3
SHEET_MAX = 500


def now() -> datetime:
    """The instant the departures count from (one place, so a test can set the clock)."""
    return timezone.now()


def _stop(feed: str, stop_id: str) -> Stop:
    found = Stop.objects.filter(feed__code=feed, gtfs_id=stop_id).select_related("feed").first()
    if found is None:
        raise Http404("Arrêt introuvable")
    return found


@require_GET
def stops(request: HttpRequest) -> HttpResponse:
    """The network's stops, to find one's own (a tag leads straight to its page)."""
    feed = selectors.current_feed()
    rows = selectors.stops_with_lines(feed) if feed else []
    return render(request, "transit/stops.html", {"feed": feed, "rows": rows})


@require_GET
def stop(request: HttpRequest, feed: str, stop_id: str) -> HttpResponse:
    place = _stop(feed, stop_id)
    moment = now()
    found = selectors.next_departures(place, at=moment, limit=LOOKED_AHEAD)
    found, live = realtime.with_delays(found, place.gtfs_id)
    context = {
        "stop": place,
        "lines": selectors.by_line(found, per_line=PER_LINE),
        "now": moment.astimezone(selectors.zone(place.feed)),
        "realtime_configured": bool(settings.TRANSIT_REALTIME_URL),
        "realtime_read": live,
        "report_url": report_url(place),
        "url": tags.stop_url(place),
    }
    return render(request, "transit/stop.html", context)


def report_url(place: Stop) -> str:
    """The service-request form, its place filled in with the stop's (the bus shelter's
    street furniture type when the city has it, else the choice of types)."""
    query = urlencode(
        {"latitude": place.latitude, "longitude": place.longitude, "address": place.name}
    )
    code = settings.TRANSIT_REPORT_TYPE
    if code and RequestType.objects.filter(code=code, is_active=True).exists():
        return reverse("servicerequests:report_form", args=[code]) + "?" + query
    return reverse("servicerequests:report") + "?" + query


@require_GET
def tag(request: HttpRequest, feed: str, stop_id: str) -> HttpResponse:
    """The NDEF message to write on the stop's NFC tag, as bytes."""
    place = _stop(feed, stop_id)
    response = HttpResponse(
        tags.ndef_message(tags.stop_url(place)), content_type="application/octet-stream"
    )
    response["Content-Disposition"] = f'attachment; filename="arret-{_safe(place.gtfs_id)}.ndef"'
    return response


@require_GET
def code(request: HttpRequest, feed: str, stop_id: str) -> HttpResponse:
    place = _stop(feed, stop_id)
    svg = tags.qr_svg(tags.stop_url(place), title=place.name)
    return HttpResponse(svg, content_type="image/svg+xml")


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)[:80]


@require_GET
@login_required
def sheet(request: HttpRequest, feed: str) -> HttpResponse:
    """Every stop of the network with its code, address and tag file, to print and install."""
    network = get_object_or_404(Feed, code=feed)
    require(request.user, "transit.print_tags", network)
    stops = list(Stop.objects.filter(feed=network).select_related("quartier", "feed")[:SHEET_MAX])
    rows = [(s, tags.stop_url(s)) for s in stops]
    context = {"feed": network, "rows": rows, "truncated": len(stops) == SHEET_MAX,
               "printed": datetime.now(selectors.zone(network))}  # fmt: skip
    return render(request, "transit/agents/sheet.html", context)


@require_GET
@login_required
def sheets(request: HttpRequest) -> HttpResponse:
    require(request.user, "transit.print_tags", None)
    feeds = Feed.objects.exclude(imported_at=None).order_by("code")
    return render(request, "transit/agents/sheets.html", {"feeds": feeds})


TAGS = exports.Dataset(
    name="etiquettes-arrets",
    columns=[
        exports.Column("stop_id", "arrêt", lambda s: s.gtfs_id),
        exports.Column("name", "nom", lambda s: s.name),
        exports.Column("code", "code public", lambda s: s.code),
        exports.Column("quartier", "quartier", lambda s: s.quartier.name if s.quartier else ""),
        exports.Column("latitude", "latitude", lambda s: s.latitude, decimals=6),
        exports.Column("longitude", "longitude", lambda s: s.longitude, decimals=6),
        exports.Column("url", "adresse de la page", tags.stop_url),
        exports.Column("ndef", "message NDEF (hexadécimal)", lambda s: _ndef_hex(s)),
    ],
    geometry=lambda s: exports.point(s.longitude, s.latitude),
    feature_id=lambda s: s.gtfs_id,
)


def _ndef_hex(stop: Stop) -> str:
    return tags.ndef_message(tags.stop_url(stop)).hex()


@require_GET
@login_required
def tags_export(request: HttpRequest, feed: str, fmt: str) -> StreamingHttpResponse:
    """Every stop's page address and NDEF message, for an encoder's batch (CSV) or a map of
    the shelters to equip (GeoJSON)."""
    network = get_object_or_404(Feed, code=feed)
    require(request.user, "transit.print_tags", network)
    rows = Stop.objects.filter(feed=network).select_related("quartier", "feed")
    filename = f"etiquettes-{network.code}.{fmt}"
    return exports.response(TAGS, rows, fmt="csv" if fmt == "csv" else "geojson", filename=filename)
