"""The family account's personal data: what a person downloads, what erasing them removes, and
how long a closed enrolment file is kept (`RETENTION_ENROLMENTS_DAYS`, see docs/eservices.md),
a past appointment (`RETENTION_APPOINTMENTS_DAYS`), a closed crèche application
(`RETENTION_CRECHE_APPLICATIONS_DAYS`) and a settled crèche invoice
(`RETENTION_CRECHE_INVOICES_DAYS`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from massalia.core.privacy import Counts, PersonalData, Retention, cutoff
from massalia.eservices.models import (
    Appeal,
    Appointment,
    CrecheApplication,
    CrecheContract,
    CreditNote,
    Enrolment,
    FamilyDocument,
    Household,
    Invoice,
)
from massalia.servicerequests.workflows import closed_states


def export(user: Any) -> dict[str, Any]:
    household = Household.objects.of(user).first()
    appointments = _appointments(user)
    found = {"appointments": appointments} if appointments else {}
    if household is None:
        return found
    return found | {
        "household": {
            "address": household.address,
            "caf_number": household.caf_number,
            "monthly_resources": household.monthly_resources,
            "resources_year": household.resources_year,
            "adults": [
                {"email": a.user.email if a.user else a.invited_email, "owner": a.is_owner}
                for a in household.adults.select_related("user")
            ],
            "children": [
                {
                    "first_name": c.first_name,
                    "last_name": c.last_name,
                    "birth_date": c.birth_date.isoformat(),
                }
                for c in household.children.all()
            ],
            **_creche_billing(household),
            "documents": [
                {
                    "kind": d.get_kind_display(),
                    "uploaded_at": d.uploaded_at.isoformat(),
                    "valid_until": d.valid_until.isoformat() if d.valid_until else None,
                    "check": d.get_verification_display(),
                }
                for d in household.documents.all()
            ],
        },
        "creche_applications": _creche_applications(household),
        "enrolments": [
            {
                "case": e.case_id,
                "child": e.child.first_name,
                "level": e.level,
                "school_year": e.school_year,
                "requested_school": e.requested_school.name,
                "sector_reason": e.sector_reason,
                "derogation_reasons": e.derogation_labels(),
            }
            for e in household.enrolments.select_related("child", "requested_school")
        ],
    }


def _creche_billing(household: Household) -> dict[str, Any]:
    """The household's crèche contracts and invoices, with the figures each was billed on."""
    return {
        "creche_contracts": [
            {
                "creche": c.creche.name,
                "child": c.child.first_name,
                "starts_on": c.starts_on.isoformat(),
                "ends_on": c.ends_on.isoformat(),
                "hours_per_week": c.hours_per_week,
            }
            for c in household.creche_contracts.select_related("creche", "child")
        ],
        "creche_invoices": [
            {
                "number": i.number,
                "month": i.month.isoformat(),
                "monthly_resources_cents": i.monthly_resources_cents,
                "hourly_rate_cents": i.hourly_rate_cents,
                "total_cents": i.total_cents,
                "status": i.get_status_display(),
            }
            for i in household.invoices.all()
        ],
    }


def _creche_applications(household: Household) -> list[dict[str, Any]]:
    """The household's crèche applications, each with its published decisions (score, crèche
    obtained, reasons as the family read them) and its appeals with their answers."""
    rows = household.creche_applications.select_related("child").prefetch_related(
        "choices__creche", "offers__round", "offers__creche", "appeals"
    )
    return [
        {
            "case": a.case_id,
            "child": a.child.first_name,
            "start_on": a.start_on.isoformat(),
            "hours_per_week": a.hours_per_week,
            "creches": [c.creche.name for c in a.choices.all()],
            "score": a.score,
            "decisions": [
                {
                    "round": o.round.name,
                    "creche": o.creche.name if o.creche else None,
                    "status": o.get_status_display(),
                    "reasons": o.reasons_text,
                }
                for o in a.offers.all()
                if o.round.status == "published"
            ],
            "appeals": [
                {
                    "filed_at": p.filed_at.isoformat(),
                    "reasons": p.reasons,
                    "status": p.get_status_display(),
                    "answer": p.answer,
                }
                for p in a.appeals.all()
            ],
        }
        for a in rows
    ]


def _appointments(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "reference": a.reference,
            "site": a.slot.site.name,
            "starts_at": a.slot.starts_at.isoformat(),
            "motive": a.get_motive_display(),
            "ants_number": a.ants_number,
            "name": a.name,
            "email": a.email,
            "phone": a.phone,
            "status": a.get_status_display(),
        }
        for a in Appointment.objects.filter(user=user).select_related("slot__site")
    ]


def _erase_appointments(user: Any) -> int:
    """Appointments to come are cancelled (their desk freed), then all are deleted."""
    from massalia.eservices.appointments import cancel

    rows = Appointment.objects.filter(user=user)
    for appointment in rows.filter(status=Appointment.Status.BOOKED):
        cancel(appointment, reason="Compte supprimé")
    n, _ = rows.delete()
    return n


def erase(user: Any) -> Counts:
    """The person leaves their household; a household left without an adult account is
    deleted with its children, documents (their files) and enrolment rows. The cases
    themselves are the engine's, erased by its own part."""
    counts = {"households": 0, "family_documents": 0, "appointments": _erase_appointments(user)}
    for household in Household.objects.of(user):
        household.adults.filter(user=user).delete()
        if household.adults.filter(user__isnull=False).exists():
            continue
        counts["family_documents"] += _delete_documents(household.documents.all())
        household.delete()
        counts["households"] += 1
    return counts


def _delete_documents(documents: Any) -> int:
    n = 0
    for document in documents.select_related("upload"):
        document.upload.file.delete(save=False)
        document.upload.delete()  # cascades to the document
        n += 1
    return n


def purge(now: datetime, dry_run: bool) -> Counts:
    """Enrolment rows (child, school, derogation reasons) of cases closed longer ago than the
    retention period; documents expired for as long; past appointments; closed crèche
    applications and settled crèche invoices past theirs."""
    before = cutoff(now, "RETENTION_ENROLMENTS_DAYS")
    old = Enrolment.objects.filter(case__status__in=closed_states(), case__closed_at__lt=before)
    expired = FamilyDocument.objects.filter(valid_until__lt=before.date())
    past = Appointment.objects.filter(slot__ends_at__lt=cutoff(now, "RETENTION_APPOINTMENTS_DAYS"))
    applications = _closed_creche_applications(cutoff(now, "RETENTION_CRECHE_APPLICATIONS_DAYS"))
    invoices = _settled_invoices(cutoff(now, "RETENTION_CRECHE_INVOICES_DAYS"))
    counts = {
        "closed_enrolments": old.count(),
        "expired_documents": expired.count(),
        "past_appointments": past.count(),
        "closed_creche_applications": applications.count(),
        "settled_creche_invoices": invoices.count(),
    }
    if not dry_run:
        old.delete()
        _delete_documents(expired)
        past.delete()
        _delete_creche_applications(applications)
        _delete_invoices(invoices)
    return counts


def _closed_creche_applications(before: datetime) -> Any:
    """Applications whose case closed before `before`, with no appeal waiting for its answer
    and no contract of care ending after that day: the file (choices, declared criteria and
    their documents, score, decisions, appeals) has served its purpose."""
    running = CrecheContract.objects.filter(ends_on__gte=before.date())
    return (
        CrecheApplication.objects.filter(
            case__status__in=closed_states(), case__closed_at__lt=before
        )
        .exclude(offers__contract__in=running)
        .exclude(appeals__status=Appeal.Status.OPEN)
        .distinct()
    )


def _delete_creche_applications(applications: Any) -> None:
    for application in applications.prefetch_related("answers__upload"):
        for answer in application.answers.all():
            if answer.upload is not None:
                answer.upload.file.delete(save=False)
                answer.upload.delete()
        application.delete()  # its choices, answers, decisions, contracts and appeals


def _settled_invoices(before: datetime) -> Any:
    """Invoices of a month before `before` that are paid or cancelled (with their
    replacement's chain settled too); unpaid ones stay while the treasury recovers them."""
    settled = (Invoice.Status.PAID, Invoice.Status.CANCELLED)
    return Invoice.objects.filter(month__lt=before.date(), status__in=settled).exclude(
        replaced_by__isnull=False,
        replaced_by__status__in=(Invoice.Status.ISSUED, Invoice.Status.OVERDUE),
    )


def _delete_invoices(invoices: Any) -> None:
    """Their lines go with them; credit notes first and the `replaces` links emptied, since
    both protect the invoice they name."""
    ids = list(invoices.values_list("pk", flat=True))
    CreditNote.objects.filter(invoice__in=ids).delete()
    Invoice.objects.filter(replaces__in=ids).update(replaces=None)
    Invoice.objects.filter(pk__in=ids).delete()


PERSONAL_DATA = PersonalData(
    name="eservices",
    export=export,
    erase=erase,
    purge=purge,
    sections=("household", "creche_applications", "enrolments", "appointments"),
    erases=("households", "family_documents", "appointments"),
    retention={
        "closed_enrolments": Retention(
            "dossiers d'inscription scolaire clos", "RETENTION_ENROLMENTS_DAYS"
        ),
        "expired_documents": Retention("documents de famille périmés", "RETENTION_ENROLMENTS_DAYS"),
        "past_appointments": Retention(
            "rendez-vous passés (titres d'identité)", "RETENTION_APPOINTMENTS_DAYS"
        ),
        "closed_creche_applications": Retention(
            "demandes de place en crèche closes", "RETENTION_CRECHE_APPLICATIONS_DAYS"
        ),
        "settled_creche_invoices": Retention(
            "factures de crèche payées ou annulées", "RETENTION_CRECHE_INVOICES_DAYS"
        ),
    },
)
