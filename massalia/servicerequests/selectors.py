"""Non-trivial reads on service requests, shared by pages, JSON endpoints and exports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from massalia.servicerequests.models import (
    HistoryEntry,
    RequestType,
    ServiceRequest,
    ServiceRequestQuerySet,
)
from massalia.territory import geo

# Periods offered by the public filters, in days.
PERIODS = {"7": 7, "30": 30, "90": 90, "365": 365}


@dataclass(frozen=True)
class Nearby:
    request: ServiceRequest
    distance_m: float


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
    computed in Python (`territory.geo`).
    """
    radius = float(radius_m if radius_m is not None else request_type.duplicate_radius_m)
    box = geo.box_around(latitude, longitude, radius)
    rows = (
        ServiceRequest.objects.published()
        .open()
        .filter(request_type=request_type, **box.lookups())
        .select_related("request_type", "quartier")
    )
    if exclude_id is not None:
        rows = rows.exclude(pk=exclude_id)
    found = [Nearby(row, d) for row, d in geo.within(latitude, longitude, rows[:500], radius)]
    found.sort(key=lambda n: (n.distance_m, -n.request.pk))
    return found[:limit]


def public_requests(filters: dict[str, Any] | None = None) -> ServiceRequestQuerySet:
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
        rows = rows.open()
    elif f.get("status") == "closed":
        rows = rows.closed()
    if f.get("arrondissement"):
        rows = rows.in_arrondissement(f["arrondissement"])
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
        "resolved_month": rows.resolved(month_ago).count(),
        "new_month": rows.filter(created_at__gte=month_ago).count(),
    }


def public_history(case: ServiceRequest) -> QuerySet[HistoryEntry]:
    """The public timeline of a request (internal notes and private events left out)."""
    return case.history.filter(is_public=True).order_by("created_at", "id")


def mine(user: Any) -> dict[str, QuerySet[ServiceRequest]]:
    """The requests a person filed, and the other ones they follow."""
    base = ServiceRequest.objects.select_related("request_type", "quartier")
    filed = base.filter(requester=user)
    followed = base.filter(Q(follows__user=user) & ~Q(requester=user)).distinct()
    return {"filed": filed, "followed": followed}


def is_following(case: ServiceRequest, user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return case.follows.filter(user=user).exists()
