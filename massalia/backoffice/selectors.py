"""Reads for the agents' back-office: inboxes, filters, counts and the city-wide overview.

Every query starts from confirmed requests (an anonymous request waiting for its email
confirmation is not yet work for a department) and includes private request types.
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from massalia.servicerequests.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    RequestEvent,
    ServiceRequest,
    ServiceRequestQuerySet,
    Status,
)
from massalia.servicerequests.selectors import haversine_m
from massalia.territory.models import Department

PAGE_SIZE = 50
METRES_PER_DEGREE = 111_320.0
SORTS = {
    "oldest": ("created_at", "id"),
    "newest": ("-created_at", "-id"),
    "expected": ("expected_at", "created_at", "id"),
}
_NUMBER = re.compile(r"^\s*(?:n°|no|#)?\s*(\d{1,12})\s*$", re.IGNORECASE)


def work() -> ServiceRequestQuerySet:
    """Requests that are a department's work: every confirmed one, private types included."""
    return ServiceRequest.objects.filter(confirmed_at__isnull=False)


def _overdue_q(now: Any) -> Q:
    return Q(status__in=OPEN_STATUSES, expected_at__lt=now)


def visible_departments(user: Any) -> QuerySet[Department]:
    """The departments whose inbox `user` opens: all of them for an administrator."""
    if user.is_superuser:
        return Department.objects.all()
    return Department.objects.filter(pk__in=user.department_ids())


@dataclass(frozen=True)
class InboxSummary:
    department: Department
    open: int
    overdue: int
    mine: int


def inbox_summaries(user: Any) -> list[InboxSummary]:
    """One line per inbox of `user`, with its open, overdue and assigned-to-me counts."""
    departments = list(visible_departments(user))
    now = timezone.now()
    rows = (
        work()
        .filter(department__in=departments, status__in=OPEN_STATUSES)
        .values("department_id")
        .annotate(
            open=Count("id"),
            overdue=Count("id", filter=Q(expected_at__lt=now)),
            mine=Count("id", filter=Q(assignee_id=user.pk)),
        )
    )
    counts = {row["department_id"]: row for row in rows}
    empty = {"open": 0, "overdue": 0, "mine": 0}
    return [
        InboxSummary(
            department=d,
            open=counts.get(d.pk, empty)["open"],
            overdue=counts.get(d.pk, empty)["overdue"],
            mine=counts.get(d.pk, empty)["mine"],
        )
        for d in departments
    ]


@dataclass(frozen=True)
class DepartmentFigures:
    department: Department
    open: int
    overdue: int
    resolved_30d: int
    median_days: float | None


def overview(*, days: int = 30) -> list[DepartmentFigures]:
    """City-wide figures per department: open, overdue, resolved in the last `days` days and
    the median time from filing to resolution of those (in days)."""
    now = timezone.now()
    since = now - timedelta(days=days)
    resolved = Q(status=Status.RESOLVED, closed_at__gte=since)
    # Only open or recently closed rows matter: the filter keeps the scan small on a big table.
    rows = (
        work()
        .filter(Q(status__in=OPEN_STATUSES) | resolved)
        .values("department_id")
        .annotate(
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("id", filter=_overdue_q(now)),
            resolved=Count("id", filter=resolved),
        )
    )
    counts = {row["department_id"]: row for row in rows}
    durations: dict[int, list[float]] = {}
    for department_id, created, closed in (
        work().filter(resolved).values_list("department_id", "created_at", "closed_at")
    ):
        if closed is None:  # excluded by the filter; the column itself is nullable
            continue
        durations.setdefault(department_id, []).append((closed - created).total_seconds() / 86400)
    figures = []
    for department in Department.objects.all():
        row = counts.get(department.pk, {"open": 0, "overdue": 0, "resolved": 0})
        spans = durations.get(department.pk)
        figures.append(
            DepartmentFigures(
                department=department,
                open=row["open"],
                overdue=row["overdue"],
                resolved_30d=row["resolved"],
                median_days=round(statistics.median(spans), 1) if spans else None,
            )
        )
    return figures


def status_counts(department: Department) -> dict[str, int]:
    """How many requests of the department's inbox are in each status (every status listed)."""
    rows = work().filter(department=department).values("status").annotate(n=Count("id"))
    found = {row["status"]: row["n"] for row in rows}
    return {status.value: found.get(status.value, 0) for status in Status}


def inbox(
    *, department: Department, user: Any, filters: dict[str, Any]
) -> QuerySet[ServiceRequest]:
    """The department's requests matching the inbox filters, sorted.

    Keys of `filters` (all optional, already validated): status ("open", "closed", "all" or
    a status), type (a request type code), arrondissement and quartier (ids), assignee ("me",
    "unassigned" or a user id), overdue (bool), q (text or a request number), sort (a key of
    SORTS).
    """
    rows: QuerySet[ServiceRequest] = work().filter(department=department)
    rows = _by_status(rows, filters.get("status") or "open")
    if filters.get("type"):
        rows = rows.filter(request_type__code=filters["type"])
    if filters.get("arrondissement"):
        rows = rows.filter(
            Q(arrondissement_id=filters["arrondissement"])
            | Q(arrondissement=None, quartier__arrondissement_id=filters["arrondissement"])
        )
    if filters.get("quartier"):
        rows = rows.filter(quartier_id=filters["quartier"])
    rows = _by_assignee(rows, filters.get("assignee") or "", user)
    if filters.get("overdue"):
        rows = rows.filter(_overdue_q(timezone.now()))
    if filters.get("q"):
        rows = rows.filter(_text_q(str(filters["q"])))
    order = SORTS.get(filters.get("sort") or "oldest", SORTS["oldest"])
    return rows.select_related("request_type", "quartier", "arrondissement", "assignee").order_by(
        *order
    )


def _by_status(rows: QuerySet[ServiceRequest], status: str) -> QuerySet[ServiceRequest]:
    if status == "open":
        return rows.filter(status__in=OPEN_STATUSES)
    if status == "closed":
        return rows.filter(status__in=CLOSED_STATUSES)
    if status in Status.values:
        return rows.filter(status=status)
    return rows


def _by_assignee(
    rows: QuerySet[ServiceRequest], assignee: str, user: Any
) -> QuerySet[ServiceRequest]:
    if assignee == "me":
        return rows.filter(assignee_id=user.pk)
    if assignee == "unassigned":
        return rows.filter(assignee__isnull=True)
    if assignee.isdigit():
        return rows.filter(assignee_id=int(assignee))
    return rows


def _text_q(text: str) -> Q:
    number = _NUMBER.match(text)
    query = Q(description__icontains=text.strip())
    if number:
        query |= Q(pk=int(number.group(1)))
    return query


def detail(pk: int) -> ServiceRequest | None:
    """One request with everything an agent reads on its page."""
    return (
        ServiceRequest.objects.select_related(
            "request_type",
            "department",
            "quartier",
            "arrondissement",
            "assignee",
            "requester",
            "merged_into",
        )
        .filter(pk=pk)
        .first()
    )


def trail(request: ServiceRequest) -> QuerySet[RequestEvent]:
    """The complete audit trail, internal notes included, oldest first."""
    return request.events.select_related("actor").order_by("created_at", "id")


@dataclass(frozen=True)
class Neighbour:
    request: ServiceRequest
    distance_m: int


def nearby_open(request: ServiceRequest, *, limit: int = 10) -> list[Neighbour]:
    """Open requests of the same type near this one (candidates for a merge), nearest first.

    Private types are included; a bounding box narrows the rows in SQL, the exact distance
    is computed here.
    """
    if request.latitude is None or request.longitude is None:
        return []
    lat, lon = request.latitude, request.longitude
    radius = float(request.request_type.duplicate_radius_m)
    dlat = radius / METRES_PER_DEGREE
    dlon = radius / (METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    rows = (
        work()
        .open()
        .filter(
            request_type_id=request.request_type_id,
            latitude__range=(lat - dlat, lat + dlat),
            longitude__range=(lon - dlon, lon + dlon),
        )
        .exclude(pk=request.pk)
        .select_related("department")[:200]
    )
    # The range filter already drops rows without coordinates; the guard narrows the type.
    found = [
        Neighbour(row, round(haversine_m(lat, lon, row.latitude, row.longitude)))
        for row in rows
        if row.latitude is not None and row.longitude is not None
    ]
    found = [n for n in found if n.distance_m <= radius]
    found.sort(key=lambda n: (n.distance_m, n.request.pk))
    return found[:limit]
