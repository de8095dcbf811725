"""One action on many cases of an inbox: each case goes through its own service call, so each
gets its audit row, its event and its emails, and a case the action does not fit is left as
it was, with the reason."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from massalia.accounts.models import User
from massalia.core.permissions import can
from massalia.servicerequests import services
from massalia.servicerequests.models import AnswerTemplate, ServiceRequest

MAX_CASES = 100


@dataclass
class Outcome:
    done: list[int] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        text = _count(len(self.done), "demande mise à jour", "demandes mises à jour")
        if self.skipped:
            left = _count(len(self.skipped), "laissée telle quelle", "laissées telles quelles")
            reasons = " ; ".join(f"n° {pk} : {why}" for pk, why in self.skipped)
            text += f", {left} ({reasons})"
        return text + "."


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def change_status(
    cases: QuerySet[ServiceRequest],
    *,
    actor: User,
    status: str,
    public_note: str = "",
    template: AnswerTemplate | None = None,
) -> Outcome:
    """Move each case to `status`, with the note (or the template filled for that case)."""
    outcome = Outcome()
    for case in _manageable(cases, actor, outcome):
        note = public_note.strip() or (template.fill(case) if template else "")
        try:
            services.change_status(case=case, actor=actor, status=status, public_note=note)
        except ValidationError as refused:
            outcome.skipped.append((case.pk, " ".join(refused.messages)))
        else:
            outcome.done.append(case.pk)
    return outcome


def assign(cases: QuerySet[ServiceRequest], *, actor: User, assignee: User | None) -> Outcome:
    outcome = Outcome()
    for case in _manageable(cases, actor, outcome):
        try:
            services.assign(case=case, actor=actor, assignee=assignee)
        except ValidationError as refused:
            outcome.skipped.append((case.pk, " ".join(refused.messages)))
        else:
            outcome.done.append(case.pk)
    return outcome


def _manageable(
    cases: QuerySet[ServiceRequest], actor: User, outcome: Outcome
) -> list[ServiceRequest]:
    chosen = list(cases.select_related("request_type", "department", "quartier")[:MAX_CASES])
    allowed = []
    for case in chosen:
        if can(actor, "servicerequests.manage", case):
            allowed.append(case)
        else:
            outcome.skipped.append((case.pk, "vous ne pouvez pas la modifier"))
    return allowed
