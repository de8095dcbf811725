"""What the case engine adds to the agents' inbox and case page, for every procedure.

Problem reports have the department inboxes of their own; administrative procedures (whatever
domain opens them) get a section of the inbox page with their cases by step, and a panel on
the case page with the steps of their workflow. Every case's correspondence adds a section
with the answers of requesters no agent read yet, by department.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from massalia.core.extensions import (
    CasePanel,
    Counter,
    InboxSection,
    case_panels,
    inbox_sections,
    url_for,
)
from massalia.servicerequests.models import ServiceRequest
from massalia.servicerequests.workflows import PROCEDURE, Workflow


def _departments(user: Any) -> set[int] | None:
    """The departments whose cases `user` handles; None for all (an administrator)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return None if user.is_superuser else set(user.department_ids())


def procedure_counters(user: Any) -> list[Counter]:
    """Open procedures of the person's departments, one counter per department and step."""
    departments = _departments(user)
    rows = ServiceRequest.objects.confirmed().open().filter(request_type__workflow=PROCEDURE.code)
    if departments is not None:
        rows = rows.for_departments(departments)
    grouped = rows.values("department__code", "department__name", "status").annotate(n=Count("id"))
    counters = []
    for row in grouped.order_by("department__name", "status"):
        state = PROCEDURE.state(row["status"])
        inbox = url_for("backoffice.department_inbox", row["department__code"], status=state.code)
        counters.append(
            Counter(
                label=f"{state.label} · {row['department__name']}",
                value=row["n"],
                url=inbox,
                urgent=state.code == "new",
            )
        )
    return counters


def answer_counters(user: Any) -> list[Counter]:
    """Open cases of the person's departments with a requester's answer no agent read yet."""
    departments = _departments(user)
    rows = ServiceRequest.objects.confirmed().open().with_unread_answer()
    if departments is not None:
        rows = rows.for_departments(departments)
    grouped = rows.values("department__code", "department__name").annotate(n=Count("id"))
    return [
        Counter(
            label=row["department__name"],
            value=row["n"],
            url=url_for("backoffice.department_inbox", row["department__code"], unread="on"),
            urgent=True,
        )
        for row in grouped.order_by("department__name")
    ]


def steps(case: ServiceRequest, user: Any) -> dict[str, Any]:
    """The steps of the case's workflow, the current one marked."""
    flow: Workflow = case.flow
    return {"flow": flow, "current": case.state, "states": flow.states}


def register() -> None:
    inbox_sections.register(
        InboxSection(
            key="servicerequests.procedures",
            title="Démarches administratives",
            counters=procedure_counters,
            order=10,
        )
    )
    inbox_sections.register(
        InboxSection(
            key="servicerequests.answers",
            title="Réponses de demandeurs à lire",
            counters=answer_counters,
            order=5,
        )
    )
    case_panels.register(
        CasePanel(
            key="servicerequests.procedure_steps",
            applies=lambda case: case.request_type.workflow == PROCEDURE.code,
            template="servicerequests/procedure_steps.html",
            context=steps,
        )
    )
