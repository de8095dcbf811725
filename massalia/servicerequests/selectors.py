"""Non-trivial reads on service requests, shared by pages, JSON endpoints and exports."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from massalia.servicerequests.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    RequestEvent,
    RequestType,
    ServiceRequest,
    Status,
)

EARTH_RADIUS_M = 6_371_000.0
METRES_PER_DEGREE = 111_320.0
# Periods offered by the public filters, in days.
PERIODS = {"7": 7, "30": 30, "90": 90, "365": 365}


@dataclass(frozen=True)
class Nearby:
    request: ServiceRequest
    distance_m: float


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two WGS84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def nearby_open(
    *,
    request_type: RequestType,
    latitude: float,
    longitude: float,
    radius_m: float | None = None,
    exclude_id: int | None = None,
    limit: int = 10,
) -> list[Nearby]:
    """Open public requests of the same type within the type's duplicate radius, nearest first.

    A bounding box narrows the rows in SQL (no GIS needed); the exact distance is then
    computed in Python.
    """
    radius = float(radius_m if radius_m is not None else request_type.duplicate_radius_m)
    dlat = radius / METRES_PER_DEGREE
    dlon = radius / (METRES_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.01))
    rows = (
        ServiceRequest.objects.published()
        .open()
        .filter(
            request_type=request_type,
            latitude__range=(latitude - dlat, latitude + dlat),
            longitude__range=(longitude - dlon, longitude + dlon),
        )
        .select_related("request_type", "quartier")
    )
    if exclude_id is not None:
        rows = rows.exclude(pk=exclude_id)
    found = []
    for row in rows[:500]:
        if row.latitude is None or row.longitude is None:
            continue  # excluded by the box already; this tells the type checker
        distance = haversine_m(latitude, longitude, row.latitude, row.longitude)
        if distance <= radius:
            found.append(Nearby(row, distance))
    found.sort(key=lambda n: (n.distance_m, -n.request.pk))
    return found[:limit]


def public_requests(filters: dict[str, Any] | None = None) -> QuerySet[ServiceRequest]:
    """Published requests matching the public filters (keys: type, group, status,
    arrondissement, quartier, period), newest first. Unknown or empty values are ignored."""
    rows = ServiceRequest.objects.published().select_related(
        "request_type", "quartier", "arrondissement"
    )
    f = filters or {}
    if f.get("type"):
        rows = rows.filter(request_type__code=f["type"])
    if f.get("group"):
        rows = rows.filter(request_type__group=f["group"])
    if f.get("status") == "open":
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif f.get("status") == "closed":
        rows = rows.filter(status__in=CLOSED_STATUSES)
    if f.get("arrondissement"):
        # A request placed by quartier only may lack its own arrondissement.
        rows = rows.filter(
            Q(arrondissement_id=f["arrondissement"])
            | Q(arrondissement=None, quartier__arrondissement_id=f["arrondissement"])
        )
    if f.get("quartier"):
        rows = rows.filter(quartier_id=f["quartier"])
    days = PERIODS.get(str(f.get("period") or ""))
    if days:
        rows = rows.filter(created_at__gte=timezone.now() - timedelta(days=days))
    return rows.order_by("-created_at", "-id")


def public_figures() -> dict[str, int]:
    """A few public numbers for the home page."""
    rows = ServiceRequest.objects.published()
    month_ago = timezone.now() - timedelta(days=30)
    return {
        "total": rows.count(),
        "open": rows.open().count(),
        "resolved_month": rows.filter(status=Status.RESOLVED, closed_at__gte=month_ago).count(),
        "new_month": rows.filter(created_at__gte=month_ago).count(),
    }


def public_history(request: ServiceRequest) -> QuerySet[RequestEvent]:
    """The public timeline of a request (internal notes and private events left out)."""
    return request.events.filter(is_public=True).order_by("created_at", "id")


def mine(user: Any) -> dict[str, QuerySet[ServiceRequest]]:
    """The requests a person filed, and the other ones they follow."""
    base = ServiceRequest.objects.select_related("request_type", "quartier")
    filed = base.filter(requester=user)
    followed = base.filter(Q(follows__user=user) & ~Q(requester=user)).distinct()
    return {"filed": filed, "followed": followed}


def is_following(request: ServiceRequest, user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return request.follows.filter(user=user).exists()
