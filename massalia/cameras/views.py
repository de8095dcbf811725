"""The register's public pages: the list with its filters, the map, a camera's page and
citizens' rights. No image and no video anywhere: only places and legal facts."""

from __future__ import annotations

from collections import Counter

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from massalia.cameras import drawing
from massalia.cameras.forms import Filters
from massalia.cameras.models import MOST_RETENTION_DAYS, Camera, CameraQuerySet, Status

PAGE_SIZE = 50
FILTERS = ("arrondissement", "finalite", "exploitant", "etat")


def _filtered(request: HttpRequest) -> tuple[Filters, CameraQuerySet | None]:
    form = Filters(request.GET)
    if not form.is_valid():
        return form, None
    cameras = form.apply(Camera.objects.select_related("quartier__arrondissement"))
    return form, cameras


def _query(request: HttpRequest) -> str:
    kept = request.GET.copy()
    for name in list(kept):
        if name not in FILTERS or not kept[name]:
            del kept[name]
    return kept.urlencode()


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    """The register: every camera with its place, purposes, operator and authorisation."""
    form, cameras = _filtered(request)
    context = {"form": form, "query": _query(request), "today": timezone.localdate()}
    if cameras is None:
        return render(request, "cameras/register.html", context, status=400)
    rows = cameras.prefetch_related("purposes").order_by("identifier")
    context["page"] = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context["expired"] = cameras.expired().count()
    return render(request, "cameras/register.html", context)


@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    """The cameras of the register's filters as dots on the arrondissements' outlines, with
    the count per arrondissement as text."""
    form, cameras = _filtered(request)
    context = {"form": form, "query": _query(request)}
    if cameras is None:
        return render(request, "cameras/map.html", context, status=400)
    today = timezone.localdate()
    points = []
    counts: Counter[tuple[int, str]] = Counter()
    rows = cameras.values_list(
        "latitude",
        "longitude",
        "expires_on",
        "status",
        "quartier__arrondissement__number",
        "quartier__arrondissement__name",
    )
    for lat, lon, expires_on, status, number, name in rows:
        points.append((lat, lon, status == Status.IN_SERVICE and expires_on < today))
        # in the arrondissements' order; a camera outside any known quartier comes last
        counts[(number if number is not None else 10_000, name or "")] += 1
    total = len(points)
    context["svg"] = drawing.draw(
        points,
        title=_("Carte des caméras de vidéoprotection"),
        desc=ngettext(
            "%(count)s caméra, un point, sur les contours des arrondissements.",
            "%(count)s caméras, un point chacune, sur les contours des arrondissements.",
            total,
        )
        % {"count": total},
    )
    context["total"] = total
    context["counts"] = [(name, count) for (_n, name), count in sorted(counts.items())]
    return render(request, "cameras/map.html", context)


@require_GET
def camera(request: HttpRequest, identifier: str) -> HttpResponse:
    found = get_object_or_404(
        Camera.objects.select_related("quartier__arrondissement").prefetch_related("purposes"),
        identifier=identifier,
    )
    return render(request, "cameras/camera.html", {"camera": found})


@require_GET
def rights(request: HttpRequest) -> HttpResponse:
    """What anyone filmed may ask, of whom (the operators of the register's cameras), and
    where to turn when refused."""
    operators = (
        Camera.objects.in_service()
        .values_list("operator")
        .annotate(count=Count("id"))
        .order_by("operator")
    )
    context = {"most_days": MOST_RETENTION_DAYS, "operators": list(operators)}
    return render(request, "cameras/rights.html", context)
