"""Writes of the family account and school enrolment: keyword-only, transactional, audited.

An enrolment is filed on the case engine (`servicerequests.services.submit_request`) and moved
by it (`change_status`): this module never writes a status of its own. What it adds is the
domain row (child, level, sector school, derogation) and the one decision that needs a rule the
engine does not know: accepting within a school's capacity, or putting the case on the
waiting list.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from massalia.accounts import mandates
from massalia.accounts.models import Mandate, User
from massalia.core.notifications import notify
from massalia.core.text import clean_text
from massalia.core.uploads import UploadRejected, accept_document
from massalia.eservices import sector
from massalia.eservices.levels import Level, kinds_for
from massalia.eservices.models import (
    Adult,
    Capacity,
    Child,
    Derogation,
    Enrolment,
    FamilyDocument,
    Household,
    School,
)
from massalia.servicerequests import services as cases
from massalia.servicerequests.models import RequestType, ServiceRequest
from massalia.servicerequests.workflows import PROCEDURE
from massalia.territory import gazetteer
from massalia.territory.models import Street

ENROLMENT_TYPE = "inscription-scolaire"
CLOSED = "Les inscriptions scolaires ne sont pas ouvertes en ligne pour le moment."
CAF_NUMBER = re.compile(r"^\d{7}$")
OLDEST = datetime.date(1900, 1, 1)
NO_CAPACITY = "Aucune capacité n'est ouverte à cette école pour ce niveau et cette année."


def enrolment_type() -> RequestType | None:
    """The private procedure type enrolments are filed as (created by the city, or the demo)."""
    return RequestType.objects.filter(
        code=ENROLMENT_TYPE, is_active=True, workflow=PROCEDURE.code, is_public=False
    ).first()


def current_school_year(today: datetime.date | None = None) -> int:
    """The school year families enrol for: from January, next September's."""
    today = today or timezone.localdate()
    return today.year if today.month < 9 else today.year + 1


# The household --------------------------------------------------------------------------------


@transaction.atomic
def open_household(*, user: User) -> Household:
    """The person's household, opened with them as its first adult if they have none."""
    found = Household.objects.of(user).first()
    if found is not None:
        return found
    household = Household.objects.create()
    Adult.objects.create(household=household, user=user, is_owner=True, joined_at=timezone.now())
    return household


@transaction.atomic
def set_address(
    *, household: Household, house_number: int, number_suffix: str, street: str
) -> Household:
    """Locate the household at a house number of a street the gazetteer knows."""
    text = clean_text(street).strip()
    match = gazetteer.geocode(text) if text else None
    key = gazetteer.normalize(match.name) if match else ""
    if match is None or not Street.objects.filter(normalized=key).exists():
        raise ValidationError(
            {"street": f"Rue introuvable : « {text[:100]} ». Vérifiez son nom (ex. : rue Paradis)."}
        )
    if not 0 < house_number < 100_000:
        raise ValidationError({"house_number": "Indiquez un numéro de rue."})
    household.house_number = house_number
    household.number_suffix = clean_text(number_suffix).strip().lower()[:6]
    household.street_name = match.name
    household.street_key = key
    household.quartier_id = match.quartier_id
    household.latitude, household.longitude = match.latitude, match.longitude
    household.updated_at = timezone.now()
    household.save()
    return household


@transaction.atomic
def set_caf_number(*, household: Household, caf_number: str) -> None:
    number = caf_number.strip()
    if number and not CAF_NUMBER.match(number):
        raise ValidationError({"caf_number": "Le numéro d'allocataire CAF compte 7 chiffres."})
    household.caf_number = number
    household.save(update_fields=["caf_number"])


@transaction.atomic
def set_resources(*, household: Household, monthly_resources: Decimal, year: int) -> None:
    """The household's monthly resources for tariffs, as its tax notice of `year` states them
    (the revenus of a year at most three years back, and not of a year to come)."""
    this_year = timezone.localdate().year
    if not this_year - 3 <= year <= this_year:
        raise ValidationError(
            {"resources_year": f"Indiquez des revenus de {this_year - 3} à {this_year}."}
        )
    if monthly_resources < 0:
        raise ValidationError({"monthly_resources": "Les ressources ne sont pas négatives."})
    household.monthly_resources = monthly_resources
    household.resources_year = year
    household.resources_declared_at = timezone.now()
    household.save(update_fields=["monthly_resources", "resources_year", "resources_declared_at"])


INVITATION_SALT = "eservices.household-invitation"
INVITATION_DAYS = 14
PENDING_INVITATIONS = 3


@transaction.atomic
def invite_adult(*, household: Household, by: User, email: str) -> Adult:
    """Invite another adult (a parent, a partner) to the household by email; they join from
    the emailed link, signed in with an account of that address."""
    address = email.strip().lower()
    if address == (by.email or "").lower():
        raise ValidationError({"email": "Vous faites déjà partie du foyer."})
    adults = household.adults.select_related("user")
    if any(address in ((a.user.email.lower() if a.user else ""), a.invited_email) for a in adults):
        raise ValidationError(
            {"email": "Cette personne fait déjà partie du foyer ou y est invitée."}
        )
    if adults.filter(user=None).count() >= PENDING_INVITATIONS:
        raise ValidationError({"email": "Trop d'invitations en attente : attendez une réponse."})
    adult = Adult.objects.create(household=household, invited_email=address)
    link = reverse("eservices:join", args=[signing.dumps(adult.pk, salt=INVITATION_SALT)])
    context = {"inviter": str(by), "join_url": settings.SITE_URL.rstrip("/") + link}
    transaction.on_commit(
        lambda: notify(to=address, template="eservices/household_invitation", context=context)
    )
    return adult


def invitation(token: str) -> Adult | None:
    """The pending invitation a link names, while it is valid."""
    try:
        pk = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_DAYS * 86400)
    except signing.BadSignature:
        return None
    return Adult.objects.select_related("household").filter(pk=pk, user=None).first()


@transaction.atomic
def join(*, adult: Adult, user: User) -> Household:
    """`user` takes the invitation addressed to their (confirmed) address."""
    if (user.email or "").lower() != adult.invited_email or not user.email_verified:
        raise ValidationError(
            {
                "__all__": "Cette invitation est adressée à une autre adresse : connectez-vous "
                "avec le compte de l'adresse invitée (confirmée)."
            }
        )
    if Household.objects.of(user).exists():
        raise ValidationError({"__all__": "Vous faites déjà partie d'un autre foyer."})
    taken = Adult.objects.filter(pk=adult.pk, user=None).update(user=user, joined_at=timezone.now())
    if not taken:
        raise ValidationError({"__all__": "Cette invitation a déjà servi."})
    return adult.household


def _child_fields(first_name: str, last_name: str, birth_date: datetime.date) -> dict[str, object]:
    first, last = clean_text(first_name).strip(), clean_text(last_name).strip()
    errors = {}
    if not first:
        errors["first_name"] = "Indiquez le prénom de l'enfant."
    if not last:
        errors["last_name"] = "Indiquez le nom de l'enfant."
    if not OLDEST <= birth_date <= timezone.localdate():
        errors["birth_date"] = "La date de naissance doit être passée."
    if errors:
        raise ValidationError(errors)
    return {"first_name": first[:80], "last_name": last[:80], "birth_date": birth_date}


@transaction.atomic
def add_child(
    *,
    household: Household,
    first_name: str,
    last_name: str,
    birth_date: datetime.date,
    aeeh: bool = False,
) -> Child:
    """A child of the household (`aeeh`: the family receives the AEEH for this child)."""
    return Child.objects.create(
        household=household, aeeh=aeeh, **_child_fields(first_name, last_name, birth_date)
    )


@transaction.atomic
def edit_child(
    *,
    child: Child,
    first_name: str,
    last_name: str,
    birth_date: datetime.date,
    aeeh: bool = False,
) -> Child:
    for name, value in _child_fields(first_name, last_name, birth_date).items():
        setattr(child, name, value)
    child.aeeh = aeeh
    child.save()
    return child


@transaction.atomic
def add_document(
    *,
    household: Household,
    kind: str,
    uploaded: UploadedFile,
    valid_until: datetime.date | None = None,
) -> FamilyDocument:
    """Keep a paper of the family (a PDF or an image, cleaned), to be checked by an agent."""
    if kind not in FamilyDocument.Kind.values:
        raise ValidationError({"kind": "Type de document inconnu."})
    if valid_until is not None and valid_until < timezone.localdate():
        raise ValidationError({"valid_until": "Ce document n'est plus valable."})
    try:
        upload = accept_document(uploaded)
    except UploadRejected as refused:
        raise ValidationError({"file": str(refused)}) from refused
    return FamilyDocument.objects.create(
        household=household, kind=kind, upload=upload, valid_until=valid_until
    )


@transaction.atomic
def check_document(*, document: FamilyDocument, actor: User, valid: bool, note: str = "") -> None:
    """An agent says whether the paper is what it claims; a refusal must say why."""
    note = clean_text(note).strip()[:300]
    if not valid and not note:
        raise ValidationError({"note": "Dites à la famille pourquoi le document est refusé."})
    document.verification = FamilyDocument.Check.VALID if valid else FamilyDocument.Check.REFUSED
    document.check_note = note
    document.checked_by = actor
    document.checked_at = timezone.now()
    document.save(update_fields=["verification", "check_note", "checked_by", "checked_at"])


# School enrolment -----------------------------------------------------------------------------


@transaction.atomic
def enrol(
    *,
    child: Child,
    by: User,
    level: str,
    school_year: int,
    requested_school: School | None = None,
    derogation_reasons: Sequence[str] = (),
    derogation_details: str = "",
    mandate: Mandate | None = None,
) -> Enrolment:
    """File an enrolment of `child` at their sector school, or at `requested_school` with the
    reasons for a derogation. The case is filed on the engine (private type, the household's
    address) and routed to the type's department. Filed by a mediator under `mandate` (for
    `by`, who consented), the case's trail says so."""
    request_type = enrolment_type()
    if request_type is None:
        raise ValidationError({"__all__": CLOSED})
    household = child.household
    if level not in Level.values:
        raise ValidationError({"level": "Niveau inconnu."})
    if Enrolment.objects.open().filter(child=child, school_year=school_year).exists():
        raise ValidationError(
            {"__all__": f"Une demande d'inscription de {child.first_name} est déjà en cours."}
        )
    found = sector.for_household(household, level)
    if not household.has_address:
        raise ValidationError({"__all__": found.reason})
    school = _requested(found, requested_school, level, derogation_reasons)
    details = clean_text(derogation_details).strip()[:2000]
    derogation = school.pk != (found.school.pk if found.school else None)
    if derogation and Derogation.OTHER in derogation_reasons and not details:
        raise ValidationError({"derogation_details": "Précisez la raison de la dérogation."})
    label = Level(level).label
    case = cases.submit_request(
        request_type=request_type,
        description=f"Inscription en {label} ({school_year}-{school_year + 1}) : {school.name}"
        + (" — demande de dérogation" if derogation else ""),
        latitude=household.latitude,
        longitude=household.longitude,
        quartier_id=household.quartier_id,
        address=household.address,
        attributes={"niveau": level, "annee": school_year, "ecole": school.code},
        requester=by,
    )
    if mandate is not None:
        _filed_under(case, mandate)
    return Enrolment.objects.create(
        case=case,
        household=household,
        child=child,
        level=level,
        school_year=school_year,
        sector_school=found.school,
        sector_reason=found.reason,
        requested_school=school,
        derogation_reasons=list(derogation_reasons) if derogation else [],
        derogation_details=details if derogation else "",
    )


def _filed_under(case: ServiceRequest, mandate: Mandate) -> None:
    cases.add_note(case=case, actor=mandate.mediator, internal_note=mandates.filing_note(mandate))


def _requested(
    found: sector.Sector, requested: School | None, level: str, reasons: Sequence[str]
) -> School:
    if requested is None or (found.school and requested.pk == found.school.pk):
        if found.school is None:
            raise ValidationError({"__all__": found.reason})
        return found.school
    if requested.kind not in kinds_for(level):
        raise ValidationError({"requested_school": "Cette école n'accueille pas ce niveau."})
    unknown = [r for r in reasons if r not in Derogation.values]
    if not reasons or unknown:
        raise ValidationError(
            {"derogation_reasons": "Choisissez au moins une raison pour demander une autre école."}
        )
    return requested


def seats(school: School, level: str, school_year: int) -> tuple[int, int | None]:
    """(accepted enrolments, seats opened) at the school for the level; None: not opened."""
    capacity = Capacity.objects.filter(school=school, level=level, school_year=school_year).first()
    taken = Enrolment.objects.accepted().filter(
        requested_school=school, level=level, school_year=school_year
    )
    return taken.count(), capacity.seats if capacity else None


def _locked_capacity(enrolment: Enrolment) -> Capacity | None:
    """The capacity row of the enrolment's school, level and year, locked until commit, so two
    agents cannot give away the last seat twice."""
    return (
        Capacity.objects.select_for_update()
        .filter(
            school=enrolment.requested_school,
            level=enrolment.level,
            school_year=enrolment.school_year,
        )
        .first()
    )


def _has_seat(enrolment: Enrolment) -> bool:
    capacity = _locked_capacity(enrolment)
    if capacity is None:
        raise ValidationError({"__all__": NO_CAPACITY})
    taken, _ = seats(enrolment.requested_school, enrolment.level, enrolment.school_year)
    return taken < capacity.seats


def guard_acceptance(case: ServiceRequest, status: str) -> None:
    """The engine's guard on enrolments: whoever moves the case (the decision, the case page's
    status form, a bulk action), "accepted" needs a seat left at the requested school."""
    if status != "accepted":
        return
    enrolment = Enrolment.objects.select_related("requested_school").filter(case=case).first()
    if enrolment is None or _has_seat(enrolment):
        return
    raise ValidationError(
        {
            "status": f"L'école {enrolment.requested_school.name} est complète en "
            f"{enrolment.get_level_display()} : décidez par « Décider l'inscription », qui "
            "inscrit la demande sur liste d'attente."
        }
    )


@transaction.atomic
def decide(*, enrolment: Enrolment, actor: User, public_note: str) -> str:
    """Accept the enrolment if the requested school has a seat left for the level, else put it
    on the school's waiting list (the case stays open, in review). Returns "accepted" or
    "waiting"."""
    case = ServiceRequest.objects.select_related("request_type").get(pk=enrolment.case_id)
    if _has_seat(enrolment):
        if case.status == "new":
            cases.change_status(case=case, actor=actor, status="in_review")
        cases.change_status(case=case, actor=actor, status="accepted", public_note=public_note)
        Enrolment.objects.filter(pk=enrolment.pk).update(waitlisted_at=None)
        return "accepted"
    if enrolment.waitlisted_at is None:
        Enrolment.objects.filter(pk=enrolment.pk).update(waitlisted_at=timezone.now())
        note = (
            f"L'école {enrolment.requested_school.name} est complète en "
            f"{enrolment.get_level_display()} : la demande est inscrite sur liste d'attente."
        )
        if case.status == "new":
            cases.change_status(case=case, actor=actor, status="in_review", public_note=note)
        else:
            cases.add_note(case=case, actor=actor, internal_note=note)
    return "waiting"


@dataclass(frozen=True)
class Decisions:
    accepted: list[Enrolment]
    waiting: list[Enrolment]
    refused: list[tuple[Enrolment, str]]  # not decided, with why


def decide_many(*, enrolments: Sequence[Enrolment], actor: User, public_note: str) -> Decisions:
    """Decide each enrolment in filing order (the waiting list's order), each on its own: a
    school that fills puts the later ones on its list, one that cannot be decided (no capacity
    opened, documents awaited, already closed) is reported and the others go on."""
    done = Decisions([], [], [])
    for enrolment in sorted(enrolments, key=lambda e: (e.case.created_at, e.pk)):
        reason = _undecidable(enrolment)
        if reason:
            done.refused.append((enrolment, reason))
            continue
        try:
            outcome = decide(enrolment=enrolment, actor=actor, public_note=public_note)
        except ValidationError as error:
            done.refused.append((enrolment, " ".join(error.messages)))
        else:
            (done.accepted if outcome == "accepted" else done.waiting).append(enrolment)
    return done


def _undecidable(enrolment: Enrolment) -> str:
    case = ServiceRequest.objects.get(pk=enrolment.case_id)
    if not case.is_open:
        return "la demande est close"
    if case.status == "awaiting_documents":
        return "des pièces sont demandées à la famille"
    return ""


def waiting_position(enrolment: Enrolment) -> int | None:
    """1 for the first of the school's waiting list for the level, None if not waiting."""
    if enrolment.waitlisted_at is None or not enrolment.case.is_open:
        return None
    order = list(
        Enrolment.objects.waiting()
        .filter(
            requested_school=enrolment.requested_school,
            level=enrolment.level,
            school_year=enrolment.school_year,
        )
        .values_list("pk", flat=True)
    )
    return order.index(enrolment.pk) + 1 if enrolment.pk in order else None


def cases_of(household: Household) -> list[ServiceRequest]:
    """Every case the household's adults filed through its procedures, newest first."""
    return list(
        ServiceRequest.objects.filter(enrolment__household=household)
        .select_related("request_type", "enrolment__child", "enrolment__requested_school")
        .order_by("-created_at")
    )
