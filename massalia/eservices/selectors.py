"""Reads of the family account: what a household asked, where it stands, what is expected."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from massalia.core.extensions import url_for
from massalia.eservices import services
from massalia.eservices.models import (
    AllocationRound,
    CrecheApplication,
    CrecheGroup,
    Enrolment,
    FamilyDocument,
    Household,
    Offer,
    School,
)
from massalia.servicerequests.models import ServiceRequest
from massalia.territory.models import Arrondissement

# What the family is expected to do, by the case's state (French message ids, translated when
# the page is drawn).
EXPECTED = {
    "new": gettext_lazy("Rien pour l'instant : la demande attend d'être instruite."),
    "in_review": gettext_lazy("Rien pour l'instant : la demande est en cours d'examen."),
    "awaiting_documents": gettext_lazy(
        "Des pièces vous sont demandées : répondez sur la page de la demande."
    ),
    "accepted": gettext_lazy("Rien : imprimez la lettre de confirmation pour l'école."),
}
CLOSED = gettext_lazy("Rien : la demande est close.")


@dataclass(frozen=True)
class Procedure:
    """One demand of the household as "my procedures" lists it, whatever its kind."""

    case: ServiceRequest
    title: str
    state: str
    expected: str
    url: str | None  # where the family reads it, answers messages or gives its answer
    needs_action: bool
    letter_url: str | None = None  # the confirmation letter of an accepted enrolment


def procedures(household: Household) -> list[Procedure]:
    """The household's school enrolments and crèche applications, the latest first."""
    enrolments = Enrolment.objects.filter(household=household).select_related(
        "case__request_type", "child", "requested_school"
    )
    applications = CrecheApplication.objects.of(household).select_related("case", "child")
    found = [_enrolment(e) for e in enrolments] + [_creche_application(a) for a in applications]
    return sorted(found, key=lambda p: p.case.created_at, reverse=True)


def _enrolment(enrolment: Enrolment) -> Procedure:
    case = enrolment.case
    position = services.waiting_position(enrolment)
    expected = str(EXPECTED.get(case.status, CLOSED))
    if position is not None:
        expected = gettext(
            "Rien : la demande est n° %(position)s sur la liste d'attente de l'école."
        ) % {"position": position}
    accepted = case.status == "accepted"
    return Procedure(
        case=case,
        title=gettext("Inscription de %(child)s en %(level)s, %(school)s (%(year)s)")
        % {
            "child": enrolment.child.first_name,
            "level": gettext(enrolment.get_level_display()),
            "school": enrolment.requested_school.name,
            "year": enrolment.year_label,
        },
        state=gettext(case.get_status_display()),
        expected=expected,
        url=url_for("servicerequests.public_page", case.pk),
        needs_action=case.status == "awaiting_documents",
        letter_url=reverse("eservices:letter", args=[case.pk]) if accepted else None,
    )


def published_offer(application: CrecheApplication) -> Offer | None:
    """The decision of the latest published round on the application, if any."""
    return (
        application.offers.filter(round__status=AllocationRound.Status.PUBLISHED)
        .select_related("round", "creche")
        .order_by("-round__held_on", "-pk")
        .first()
    )


def _creche_application(application: CrecheApplication) -> Procedure:
    case = application.case
    offer = published_offer(application) if case.is_open else None
    expected, needs_action = str(EXPECTED.get(case.status, CLOSED)), False
    if case.status == "accepted":
        expected = gettext("Rien : la place est acceptée, le contrat d'accueil suit.")
    elif offer is not None and offer.status == Offer.Status.OFFERED and offer.respond_by:
        expected = gettext(
            "Une place vous est proposée à %(creche)s : répondez avant le %(date)s."
        ) % {"creche": offer.creche, "date": date_format(offer.respond_by, "j F Y")}
        needs_action = True
    elif offer is not None and offer.status == Offer.Status.WAITING:
        expected = gettext("Rien : la demande attend une place sur la liste d'attente.")
    return Procedure(
        case=case,
        title=gettext("Place en crèche pour %(child)s, à partir du %(date)s")
        % {
            "child": application.child.first_name,
            "date": date_format(application.start_on, "j F Y"),
        },
        state=gettext(case.get_status_display()),
        expected=expected,
        url=reverse("eservices:creche_application", args=[application.pk]),
        needs_action=needs_action or case.status == "awaiting_documents",
    )


def documents_to_renew(household: Household) -> list[FamilyDocument]:
    """Documents an agent refused, or past their validity date."""
    today = timezone.localdate()
    return [d for d in household.documents.all() if not d.is_valid_on(today)]


def enrolments_for(user: Any, filters: dict[str, Any]) -> QuerySet[Enrolment]:
    """The enrolments routed to the person's departments (all of them for an administrator),
    narrowed by the agents' filters, in filing order (the waiting lists' order)."""
    rows: QuerySet[Enrolment] = Enrolment.objects.select_related(
        "case", "child", "requested_school", "sector_school"
    ).order_by("case__created_at", "pk")
    if not user.is_superuser:
        rows = rows.filter(case__department_id__in=user.department_ids())
    stage = filters.get("stage")
    if stage in STAGES:
        rows = STAGES[stage](rows)
    if filters.get("school"):
        rows = rows.filter(requested_school=filters["school"])
    if filters.get("level"):
        rows = rows.filter(level=filters["level"])
    if filters.get("derogation") == "oui":
        # No sector school (an address the map does not serve) makes any school a derogation.
        rows = rows.filter(Q(sector_school=None) | ~Q(requested_school=F("sector_school")))
    elif filters.get("derogation") == "non":
        rows = rows.filter(requested_school=F("sector_school"))
    return rows


STAGES: dict[str, Callable[[QuerySet[Enrolment]], QuerySet[Enrolment]]] = {
    "to_decide": lambda rows: rows.filter(
        case__status__in=["new", "in_review"], waitlisted_at=None
    ),
    "waiting": lambda rows: rows.waiting(),  # type: ignore[attr-defined]
    "awaiting_documents": lambda rows: rows.filter(case__status="awaiting_documents"),
    "accepted": lambda rows: rows.filter(case__status="accepted"),
    "closed": lambda rows: rows.filter(case__status__in=["refused", "withdrawn"]),
}


def seats_of(rows: Iterable[Enrolment]) -> dict[tuple[int, str, int], tuple[int, int | None]]:
    """(accepted, opened) per school, level and year of the enrolments shown."""
    keys = {(e.requested_school_id, e.level, e.school_year) for e in rows}
    found: dict[tuple[int, str, int], tuple[int, int | None]] = {}
    for school_id, level, year in keys:
        school = School(pk=school_id)
        found[(school_id, level, year)] = services.seats(school, level, year)
    return found


# Crèche places by arrondissement, for the pulse -------------------------------------------


@dataclass(frozen=True)
class CrecheFigure:
    """One arrondissement's crèche figures: applications filed in the span (by the family's
    address), places of its open crèches, places given now (offered or accepted from a
    published round) and open applications holding no place (by the family's address)."""

    number: int
    name: str
    applications: int
    places: int
    given: int
    waiting: int


def creche_figures(
    *, since: datetime.datetime, until: datetime.datetime, arrondissement_id: int | None = None
) -> list[CrecheFigure]:
    """Counts only (no family is named), by arrondissement, for the pulse's readers. An
    arrondissement with neither crèche nor application is left out."""
    family = "household__quartier__arrondissement_id"
    filed = _counted(
        CrecheApplication.objects.filter(case__created_at__gte=since, case__created_at__lt=until),
        family,
    )
    held = Offer.objects.filter(
        status__in=[Offer.Status.OFFERED, Offer.Status.ACCEPTED], round__status="published"
    )
    waiting = _counted(
        CrecheApplication.objects.open().exclude(pk__in=held.values("application_id")), family
    )
    groups = CrecheGroup.objects.filter(creche__is_active=True)
    places = dict(
        groups.values_list("creche__quartier__arrondissement_id")
        .annotate(n=Sum("places"))
        .values_list("creche__quartier__arrondissement_id", "n")
    )
    given = _counted(held, "creche__quartier__arrondissement_id")
    rows = Arrondissement.objects.order_by("number")
    if arrondissement_id:
        rows = rows.filter(pk=arrondissement_id)
    figures = [
        CrecheFigure(
            number=a.number,
            name=a.name,
            applications=filed.get(a.pk, 0),
            places=places.get(a.pk) or 0,
            given=given.get(a.pk, 0),
            waiting=waiting.get(a.pk, 0),
        )
        for a in rows
    ]
    return [f for f in figures if f.applications or f.places or f.waiting]


def _counted(rows: QuerySet[Any], key: str) -> dict[int, int]:
    return dict(rows.values_list(key).annotate(n=Count("id")).values_list(key, "n"))
