"""Reads for the agents' pages: inboxes, filters, counts, the city-wide overview, the case page.

Every query starts from confirmed requests (an anonymous request waiting for its email
confirmation is not yet work for a department) and includes private request types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from massalia.servicerequests.models import (
    AnswerTemplate,
    HistoryEntry,
    RequestType,
    ServiceRequest,
    ServiceRequestQuerySet,
)
from massalia.servicerequests.workflows import State, workflows
from massalia.territory import geo
from massalia.territory.models import Department

PAGE_SIZE = 50
SORTS = {
    "oldest": ("created_at", "id"),
    "newest": ("-created_at", "-id"),
    "expected": ("expected_at", "created_at", "id"),
}
_NUMBER = re.compile(r"^\s*(?:n°|no|#)?\s*(\d{1,12})\s*$", re.IGNORECASE)


def work() -> ServiceRequestQuerySet:
    """Requests that are a department's work: every confirmed one, private types included."""
    return ServiceRequest.objects.confirmed()


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
        .open()
        .filter(department__in=departments)
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
    resolved = ServiceRequestQuerySet.resolved_q(now - timedelta(days=days))
    is_open = ServiceRequestQuerySet.open_q()
    # Only open or recently closed rows matter: the filter keeps the scan small on a big table.
    rows = (
        work()
        .filter(is_open | resolved)
        .values("department_id")
        .annotate(
            open=Count("id", filter=is_open),
            overdue=Count("id", filter=ServiceRequestQuerySet.overdue_q(now)),
            resolved=Count("id", filter=resolved),
        )
    )
    counts = {row["department_id"]: row for row in rows}
    medians = work().filter(resolved).median_days_by("department_id")
    figures = []
    for department in Department.objects.all():
        row = counts.get(department.pk, {"open": 0, "overdue": 0, "resolved": 0})
        figures.append(
            DepartmentFigures(
                department=department,
                open=row["open"],
                overdue=row["overdue"],
                resolved_30d=row["resolved"],
                median_days=medians.get(department.pk),
            )
        )
    return figures


def department_states(department: Department) -> list[State]:
    """The states of the workflows of the types the department handles, in workflow order."""
    codes = set(
        RequestType.objects.filter(Q(department=department) | Q(requests__department=department))
        .values_list("workflow", flat=True)
        .distinct()
    )
    seen: dict[str, State] = {}
    for flow in workflows.all():
        if flow.code in codes:
            for state in flow.states:
                seen.setdefault(state.code, state)
    return list(seen.values())


def status_counts(department: Department, states: list[State]) -> list[tuple[State, int]]:
    """How many requests of the department's inbox are in each of `states` (all listed)."""
    rows = work().filter(department=department).values("status").annotate(n=Count("id"))
    found = {row["status"]: row["n"] for row in rows}
    return [(state, found.get(state.code, 0)) for state in states]


def inbox(
    *, department: Department, user: Any, filters: dict[str, Any]
) -> QuerySet[ServiceRequest]:
    """The department's requests matching the inbox filters, sorted.

    Keys of `filters` (all optional, already validated): status ("open", "closed", "all" or
    a status), type (a request type code), arrondissement and quartier (ids), assignee ("me",
    "unassigned" or a user id), overdue (bool), unread (bool: with a requester's answer no
    agent read), q (text or a request number), sort (a key of SORTS).
    """
    rows = work().filter(department=department)
    rows = _by_status(rows, filters.get("status") or "open")
    if filters.get("type"):
        rows = rows.filter(request_type__code=filters["type"])
    if filters.get("arrondissement"):
        rows = rows.in_arrondissement(filters["arrondissement"])
    if filters.get("quartier"):
        rows = rows.filter(quartier_id=filters["quartier"])
    rows = _by_assignee(rows, filters.get("assignee") or "", user)
    if filters.get("overdue"):
        rows = rows.overdue()
    if filters.get("unread"):
        rows = rows.with_unread_answer()
    if filters.get("q"):
        rows = rows.filter(_text_q(str(filters["q"])))
    order = SORTS.get(filters.get("sort") or "oldest", SORTS["oldest"])
    return rows.select_related("request_type", "quartier", "arrondissement", "assignee").order_by(
        *order
    )


def _by_status(rows: ServiceRequestQuerySet, status: str) -> ServiceRequestQuerySet:
    if status == "open":
        return rows.open()
    if status == "closed":
        return rows.closed()
    if status == "all":
        return rows
    return rows.filter(status=status)


def _by_assignee(rows: ServiceRequestQuerySet, assignee: str, user: Any) -> ServiceRequestQuerySet:
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


def trail(case: ServiceRequest) -> QuerySet[HistoryEntry]:
    """The complete audit trail, internal notes included, oldest first."""
    return case.history.select_related("actor").order_by("created_at", "id")


@dataclass(frozen=True)
class Neighbour:
    request: ServiceRequest
    distance_m: int


def nearby_open(case: ServiceRequest, *, limit: int = 10) -> list[Neighbour]:
    """Open requests of the same type near this one (candidates for a merge), nearest first.

    Private types are included; a bounding box narrows the rows in SQL, the exact distance
    is computed here.
    """
    if case.latitude is None or case.longitude is None:
        return []
    lat, lon = case.latitude, case.longitude
    radius = float(case.request_type.duplicate_radius_m)
    rows = (
        work()
        .open()
        .filter(request_type_id=case.request_type_id, **geo.box_around(lat, lon, radius).lookups())
        .exclude(pk=case.pk)
        .select_related("department")[:200]
    )
    found = [Neighbour(row, round(d)) for row, d in geo.within(lat, lon, rows, radius)]
    found.sort(key=lambda n: (n.distance_m, n.request.pk))
    return found[:limit]


def answer_templates(department: Department) -> QuerySet[AnswerTemplate]:
    """The answer templates offered to a department: its own and those for every service."""
    return AnswerTemplate.objects.filter(is_active=True).filter(
        Q(department=department) | Q(department__isnull=True)
    )
