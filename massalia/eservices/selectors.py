"""Reads of the family account: what a household asked, where it stands, what is expected."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from massalia.core.extensions import url_for
from massalia.eservices import services
from massalia.eservices.models import Enrolment, FamilyDocument, Household

EXPECTED = {
    "new": "Rien pour l'instant : la demande attend d'être instruite.",
    "in_review": "Rien pour l'instant : la demande est en cours d'examen.",
    "awaiting_documents": "Des pièces vous sont demandées : répondez sur la page de la demande.",
    "accepted": "Rien : imprimez la lettre de confirmation pour l'école.",
}


@dataclass(frozen=True)
class Procedure:
    enrolment: Enrolment
    title: str
    state: str
    expected: str
    url: str | None  # the case's page, where the family reads and answers messages
    waiting_position: int | None
    needs_action: bool


def procedures(household: Household) -> list[Procedure]:
    rows = (
        Enrolment.objects.filter(household=household)
        .select_related("case__request_type", "child", "requested_school")
        .order_by("-case__created_at")
    )
    return [_procedure(e) for e in rows]


def _procedure(enrolment: Enrolment) -> Procedure:
    case = enrolment.case
    position = services.waiting_position(enrolment)
    expected = EXPECTED.get(case.status, "Rien : la demande est close.")
    if position is not None:
        expected = f"Rien : la demande est n° {position} sur la liste d'attente de l'école."
    return Procedure(
        enrolment=enrolment,
        title=(
            f"Inscription de {enrolment.child.first_name} en {enrolment.get_level_display()}, "
            f"{enrolment.requested_school.name} ({enrolment.year_label})"
        ),
        state=case.get_status_display(),
        expected=expected,
        url=url_for("servicerequests.public_page", case.pk),
        waiting_position=position,
        needs_action=case.status == "awaiting_documents",
    )


def documents_to_renew(household: Household) -> list[FamilyDocument]:
    """Documents an agent refused, or past their validity date."""
    today = timezone.localdate()
    return [d for d in household.documents.all() if not d.is_valid_on(today)]
