"""Crèche applications, their score and the commission's allocation rounds.

An application is filed on the case engine like an enrolment (a private `demande-creche` case,
workflow `demarche`): the engine holds status, correspondence and audit trail; this module
adds the domain rows and the decisions. The allocation itself is `allocation.allocate`, the
same pure code the command line and the tests run: a round builds its inputs from the
database, runs it and stores one `Offer` per application with its reasons, in one transaction.

How the cases move: publishing a round puts each case "en instruction" (the family is told its
decision by email, with a link to its reasons); accepting a place accepts the case; declining
it, or leaving it unanswered past the deadline, withdraws the case, and the place goes to the
first family of that crèche's waiting list (its applicants in that age group the round left
without a place, in the round's published order).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping, Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from massalia.accounts.models import Mandate, User
from massalia.core.models import Upload
from massalia.core.notifications import notify
from massalia.core.text import clean_text
from massalia.core.uploads import UploadRejected, accept_document
from massalia.eservices import allocation, contracts
from massalia.eservices.models import (
    AgeGroup,
    AllocationRound,
    Child,
    Creche,
    CrecheApplication,
    CrecheChoice,
    CrecheGroup,
    Criterion,
    CriterionAnswer,
    Offer,
)
from massalia.servicerequests import services as cases
from massalia.servicerequests.models import RequestType, ServiceRequest
from massalia.servicerequests.workflows import PROCEDURE
from massalia.territory import gazetteer
from massalia.territory.models import Department

APPLICATION_TYPE = "demande-creche"
CLOSED = _("Les demandes de place en crèche ne sont pas ouvertes en ligne pour le moment.")
MAX_CHOICES = allocation.MAX_CHOICES
MIN_AGE_DAYS = 70  # a crèche takes children from 10 weeks (the end of maternity leave)
SCHOOL_AGE_MONTHS = 48
MAX_HOURS = 55  # 11 hours a day, 5 days: a crèche's longest opening
HORIZON_DAYS = 2 * 365
HOLDING = (Offer.Status.OFFERED, Offer.Status.ACCEPTED)


def application_type() -> RequestType | None:
    """The private procedure type crèche applications are filed as (created by the city)."""
    return RequestType.objects.filter(
        code=APPLICATION_TYPE, is_active=True, workflow=PROCEDURE.code, is_public=False
    ).first()


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from `start` to `end` (0 when `end` is earlier)."""
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return max(months, 0)


def age_group(birth_date: datetime.date, start_on: datetime.date) -> str:
    """The child's section on the day care starts; a ValidationError before 10 weeks or at
    school age."""
    if (start_on - birth_date).days < MIN_AGE_DAYS:
        raise ValidationError(
            {"start_on": gettext("Une crèche accueille les enfants à partir de 10 semaines.")}
        )
    months = months_between(birth_date, start_on)
    if months >= SCHOOL_AGE_MONTHS:
        raise ValidationError(
            {"start_on": gettext("À cette date, l'enfant aura l'âge de l'école.")}
        )
    if months < 12:
        return AgeGroup.BABIES
    return AgeGroup.MIDDLE if months < 24 else AgeGroup.OLDER


def locate(creche: Creche) -> None:
    """Place a crèche at its address, through the territory's gazetteer (left unplaced when
    the gazetteer does not know it)."""
    match = gazetteer.geocode(clean_text(creche.address)) if creche.address.strip() else None
    if match is None:
        creche.quartier_id, creche.latitude, creche.longitude = None, None, None
        return
    creche.quartier_id, creche.latitude, creche.longitude = (
        match.quartier_id,
        match.latitude,
        match.longitude,
    )


# Applying ---------------------------------------------------------------------------------


@transaction.atomic
def apply(
    *,
    child: Child,
    by: User,
    creches: Sequence[Creche],
    start_on: datetime.date,
    hours_per_week: int,
    declared: Mapping[str, UploadedFile | None] | None = None,
    mandate: Mandate | None = None,
    renews: CrecheApplication | None = None,
) -> CrecheApplication:
    """File an application for `child`: up to five distinct crèches in order of preference,
    each taking the child's age group at `start_on`, and the criteria the family declares
    (criterion code → its document, None when the criterion asks for none). One open
    application per child. The case is filed on the engine at the household's address."""
    request_type = application_type()
    if request_type is None:
        raise ValidationError({"__all__": CLOSED})
    household = child.household
    if not household.has_address:
        raise ValidationError({"__all__": gettext("Indiquez d'abord l'adresse de votre foyer.")})
    group = _check_request(child, creches, start_on, hours_per_week)
    criteria = _declared_criteria(declared or {})
    names = ", ".join(c.name for c in creches)
    case = cases.submit_request(
        request_type=request_type,
        description=f"Demande de place en crèche ({AgeGroup(group).label}, à partir du "
        f"{start_on:%d/%m/%Y}, {hours_per_week} h par semaine) : {names}",
        latitude=household.latitude,
        longitude=household.longitude,
        quartier_id=household.quartier_id,
        address=household.address,
        attributes={"tranche": group, "creches": ";".join(c.code for c in creches)},
        requester=by,
    )
    if mandate is not None:
        _filed_under(case, mandate)
    application = CrecheApplication.objects.create(
        case=case,
        household=household,
        child=child,
        age_group=group,
        start_on=start_on,
        hours_per_week=hours_per_week,
        waiting_since=renews.waiting_since if renews else timezone.localdate(),
        renews=renews,
    )
    CrecheChoice.objects.bulk_create(
        CrecheChoice(application=application, creche=c, rank=rank)
        for rank, c in enumerate(creches, 1)
    )
    for criterion, uploaded in criteria:
        CriterionAnswer.objects.create(
            application=application, criterion=criterion, upload=_document(criterion, uploaded)
        )
    rescore(application=application, on=timezone.localdate())
    return application


def _check_request(
    child: Child, creches: Sequence[Creche], start_on: datetime.date, hours: int
) -> str:
    if not creches:
        raise ValidationError({"choice_1": gettext("Choisissez au moins une crèche.")})
    if len(creches) > MAX_CHOICES:
        raise ValidationError(
            {"choice_1": gettext("Choisissez %(max)s crèches au plus.") % {"max": MAX_CHOICES}}
        )
    if len({c.pk for c in creches}) != len(creches):
        raise ValidationError(
            {"choice_1": gettext("Chaque crèche ne peut être choisie qu'une fois.")}
        )
    today = timezone.localdate()
    if not today <= start_on <= today + datetime.timedelta(days=HORIZON_DAYS):
        raise ValidationError(
            {"start_on": gettext("La date d'accueil doit être à venir, dans les deux ans.")}
        )
    if not 1 <= hours <= MAX_HOURS:
        raise ValidationError(
            {
                "hours_per_week": gettext("Indiquez de 1 à %(max)s heures par semaine.")
                % {"max": MAX_HOURS}
            }
        )
    group = age_group(child.birth_date, start_on)
    taking = set(
        CrecheGroup.objects.filter(creche__in=creches, age_group=group).values_list(
            "creche_id", flat=True
        )
    )
    for creche in creches:
        if not creche.is_active or creche.pk not in taking:
            raise ValidationError(
                {
                    "choice_1": gettext(
                        "La crèche %(name)s n'accueille pas les %(group)s : "
                        "choisissez-en une autre."
                    )
                    % {"name": creche.name, "group": gettext(AgeGroup(group).label)}
                }
            )
    if CrecheApplication.objects.open().filter(child=child).exists():
        raise ValidationError(
            {
                "__all__": gettext(
                    "Une demande de place en crèche de %(first_name)s est déjà en cours."
                )
                % {"first_name": child.first_name}
            }
        )
    return group


def _declared_criteria(
    declared: Mapping[str, UploadedFile | None],
) -> list[tuple[Criterion, UploadedFile | None]]:
    known = {
        c.code: c
        for c in Criterion.objects.filter(is_published=True, answer=Criterion.Answer.DECLARED)
    }
    unknown = [code for code in declared if code not in known]
    if unknown:
        raise ValidationError({"__all__": gettext("Critère inconnu.")})
    missing = {
        f"doc_{code}": gettext("Joignez le justificatif : %(label)s.")
        % {"label": known[code].label}
        for code, uploaded in declared.items()
        if known[code].needs_document and uploaded is None
    }
    if missing:
        raise ValidationError(missing)
    return [(known[code], uploaded) for code, uploaded in declared.items()]


def _document(criterion: Criterion, uploaded: UploadedFile | None) -> Upload | None:
    if uploaded is None:
        return None
    try:
        return accept_document(uploaded)
    except UploadRejected as refused:
        raise ValidationError({f"doc_{criterion.code}": str(refused)}) from refused


def _filed_under(case: ServiceRequest, mandate: Mandate) -> None:
    given = timezone.localtime(mandate.recorded_at)
    cases.add_note(
        case=case,
        actor=mandate.mediator,
        internal_note=(
            f"Déposée par {mandate.mediator} pour {mandate.person}, avec son consentement "
            f"({mandate.get_method_display()}, le {given:%d/%m/%Y})."
        ),
    )


@transaction.atomic
def withdraw(*, application: CrecheApplication, by: User) -> None:
    """The family withdraws its open application (and gives up any place it was offered)."""
    case = application.case
    if not case.is_open:
        raise ValidationError({"__all__": gettext("Cette demande est déjà close.")})
    cases.change_status(case=case, actor=by, status="withdrawn")
    for offer in application.offers.filter(status=Offer.Status.OFFERED).select_related("round"):
        _answer(offer, Offer.Status.DECLINED)
        _pass_on(offer, actor=by)


def renew(
    *, application: CrecheApplication, by: User, start_on: datetime.date
) -> CrecheApplication:
    """A closed application without a place filed again with the same crèches, criteria
    declared without their documents (to give again if asked) and hours; the waiting time
    keeps counting from the first application."""
    if application.case.is_open or application.offers.filter(status="accepted").exists():
        raise ValidationError(
            {"__all__": gettext("Seule une demande close sans place acceptée se renouvelle.")}
        )
    creches = [choice.creche for choice in application.choices.select_related("creche")]
    declared: dict[str, UploadedFile | None] = {
        a.criterion.code: None
        for a in application.answers.select_related("criterion")
        if not a.refused and not a.criterion.needs_document
    }
    return apply(
        child=application.child,
        by=by,
        creches=creches,
        start_on=start_on,
        hours_per_week=application.hours_per_week,
        declared=declared,
        renews=application,
    )


# Scoring ----------------------------------------------------------------------------------


def score(application: CrecheApplication, on: datetime.date) -> tuple[int, list[dict[str, object]]]:
    """The application's score on `on` by the published criteria, and its detail: one line
    per criterion that counted (code, label, points, and the months for the waiting time)."""
    declared = {a.criterion_id for a in application.answers.all() if not a.refused}
    detail: list[dict[str, object]] = []
    for criterion in Criterion.objects.filter(is_published=True):
        if criterion.answer == Criterion.Answer.WAITING:
            months = months_between(application.waiting_since, on)
            if months:
                detail.append(
                    {"code": criterion.code, "label": criterion.label,
                     "points": months * criterion.points, "months": months,
                     "per_month": criterion.points}
                )  # fmt: skip
        elif criterion.pk in declared:
            detail.append(
                {"code": criterion.code, "label": criterion.label, "points": criterion.points}
            )
    return sum(int(str(line["points"])) for line in detail), detail


def rescore(*, application: CrecheApplication, on: datetime.date) -> int:
    total, detail = score(application, on)
    application.score, application.score_detail, application.scored_on = total, detail, on
    application.save(update_fields=["score", "score_detail", "scored_on"])
    return total


# Rounds -----------------------------------------------------------------------------------


def create_round(
    *, department: Department, name: str, held_on: datetime.date, rule: str, response_days: int
) -> AllocationRound:
    if rule not in AllocationRound.Rule.values:
        raise ValidationError({"rule": "Règle inconnue."})
    if not 1 <= response_days <= 60:
        raise ValidationError({"response_days": "Un délai de 1 à 60 jours."})
    text = clean_text(name).strip()[:120]
    if not text:
        raise ValidationError({"name": "Nommez la commission."})
    return AllocationRound.objects.create(
        department=department, name=text, held_on=held_on, rule=rule, response_days=response_days
    )


def _holding() -> models.QuerySet[Offer, int]:
    """The applications holding a place (offered or accepted) from a published round."""
    held = Offer.objects.filter(status__in=HOLDING, round__status="published")
    return held.values_list("application_id", flat=True)


def candidates(round: AllocationRound) -> list[CrecheApplication]:
    """The open applications asking for an open crèche of the round's commission that hold
    no place from a published round."""
    return list(
        CrecheApplication.objects.open()
        .filter(choices__creche__department_id=round.department_id, choices__creche__is_active=True)
        .exclude(pk__in=_holding())
        .distinct()
        .select_related("case", "child")
        .prefetch_related("choices__creche", "answers")
        .order_by("pk")
    )


@transaction.atomic
def run_round(*, round: AllocationRound, actor: User) -> allocation.Totals:
    """Score every candidate on the round's date, allocate the places of the commission's
    crèches by the round's rule, and store one offer per application with its reasons. A
    round not yet published may be run again: its previous result is replaced."""
    round = AllocationRound.objects.select_for_update().get(pk=round.pk)
    if round.status == AllocationRound.Status.PUBLISHED:
        raise ValidationError(
            {"__all__": "Cette commission est publiée : elle ne se recalcule pas."}
        )
    round.offers.all().delete()
    groups = CrecheGroup.objects.filter(
        creche__department_id=round.department_id, creche__is_active=True
    ).select_related("creche")
    places = [allocation.Places(g.creche.code, g.age_group, g.places) for g in groups]
    found = candidates(round)
    inputs = [_engine_input(a, round) for a in found]
    try:
        result = allocation.allocate(inputs, places, allocation.Rule(round.rule))
    except allocation.AllocationError as error:
        raise ValidationError({"__all__": f"Calcul impossible : {error}."}) from error
    position = {a.id: i for i, a in enumerate(sorted(inputs, key=lambda a: a.order_key), 1)}
    by_code = {g.creche.code: g.creche for g in groups}
    by_id = {str(a.pk): a for a in found}
    Offer.objects.bulk_create(
        _offer(round, by_id[d.application], d, position[d.application], by_code)
        for d in result.decisions()
    )
    totals = result.totals()
    round.status, round.run_at, round.run_by = AllocationRound.Status.RUN, timezone.now(), actor
    round.totals = dataclasses.asdict(totals)
    round.save(update_fields=["status", "run_at", "run_by", "totals"])
    return totals


def _engine_input(application: CrecheApplication, round: AllocationRound) -> allocation.Application:
    total = rescore(application=application, on=round.held_on)
    codes = tuple(
        c.creche.code for c in application.choices.all()
        if c.creche.department_id == round.department_id and c.creche.is_active
    )  # fmt: skip
    return allocation.Application(
        id=str(application.pk),
        score=total,
        applied_at=application.waiting_since,
        age_group=application.age_group,
        choices=codes,
    )


def _offer(
    round: AllocationRound,
    application: CrecheApplication,
    decision: allocation.Decision,
    position: int,
    by_code: Mapping[str, Creche],
) -> Offer:
    reasons = dataclasses.asdict(decision)
    reasons["above"] = [item.creche for item in decision.above]
    reasons["score_detail"] = application.score_detail
    return Offer(
        round=round,
        application=application,
        creche=by_code[decision.creche] if decision.creche else None,
        choice_rank=decision.choice_rank,
        position=position,
        score=decision.score,
        status=Offer.Status.OFFERED if decision.creche else Offer.Status.WAITING,
        reasons=reasons,
        reasons_text="\n".join(decision.reasons_fr()),
    )


@transaction.atomic
def publish_round(
    *, round: AllocationRound, actor: User, today: datetime.date | None = None
) -> int:
    """Publish a computed round: each family is told its decision (an email with the link to
    its reasons), each case moves "en instruction" with the decision in its trail, and the
    places offered wait for an answer until the deadline. Returns the families told."""
    round = AllocationRound.objects.select_for_update().get(pk=round.pk)
    if round.status != AllocationRound.Status.RUN:
        raise ValidationError({"__all__": "Calculez la commission avant de la publier."})
    today = today or timezone.localdate()
    offers = list(round.offers.select_related("application__case", "application__child", "creche"))
    for offer in offers:
        if offer.status == Offer.Status.OFFERED:
            offer.respond_by = today + datetime.timedelta(days=round.response_days)
            offer.save(update_fields=["respond_by"])
        _record_decision(offer, actor)
        _tell(offer)
    round.status = AllocationRound.Status.PUBLISHED
    round.published_at, round.published_by = timezone.now(), actor
    round.save(update_fields=["status", "published_at", "published_by"])
    return len(offers)


def _decision_note(offer: Offer) -> str:
    when = f"{offer.round.held_on:%d/%m/%Y}"
    if offer.creche is None:
        return (
            f"Commission du {when} : pas de place pour le moment ; la demande reste sur la "
            "liste d'attente de chaque crèche demandée."
        )
    deadline = f"{offer.respond_by:%d/%m/%Y}" if offer.respond_by else ""
    return (
        f"Commission du {when} : une place vous est proposée à la crèche {offer.creche.name} "
        f"(votre choix n° {offer.choice_rank}). Répondez avant le {deadline}."
    )


def _record_decision(offer: Offer, actor: User) -> None:
    case = offer.application.case
    note = _decision_note(offer)
    if case.status == "new":
        cases.change_status(case=case, actor=actor, status="in_review", public_note=note)
    else:
        cases.add_note(case=case, actor=actor, internal_note=note)


def _tell(offer: Offer) -> None:
    """The family's email: its decision, with the link to its reasons."""
    case = offer.application.case
    address = case.contact_email
    if not address:
        return
    link = reverse("eservices:creche_application", args=[offer.application_id])
    context = {
        "child": offer.application.child.first_name,
        "note": _decision_note(offer),
        "url": settings.SITE_URL.rstrip("/") + link,
        "offered": offer.status == Offer.Status.OFFERED,
    }
    transaction.on_commit(
        lambda: notify(to=address, template="eservices/creche_decision", context=context)
    )


# The family's answer and the waiting list -------------------------------------------------


def _locked(offer: Offer) -> Offer:
    return (
        Offer.objects.select_for_update(of=("self",))
        .select_related("round", "creche", "application__case", "application__child")
        .get(pk=offer.pk)
    )


@transaction.atomic
def accept(*, offer: Offer, by: User, today: datetime.date | None = None) -> Offer:
    """The family accepts the place offered, before the deadline: the case is accepted and
    the place's contract opens with the application's figures."""
    offer = _locked(offer)
    _answerable(offer, today)
    assert offer.creche is not None
    _answer(offer, Offer.Status.ACCEPTED)
    contracts.open_contract(offer=offer)
    cases.change_status(
        case=offer.application.case,
        actor=by,
        status="accepted",
        public_note=f"Place acceptée à la crèche {offer.creche.name}, à partir du "
        f"{offer.application.start_on:%d/%m/%Y}.",
    )
    return offer


@transaction.atomic
def decline(*, offer: Offer, by: User, today: datetime.date | None = None) -> Offer | None:
    """The family declines the place offered: the case is withdrawn and the place goes to the
    first family of the crèche's waiting list. Returns the offer that took it, if any."""
    offer = _locked(offer)
    _answerable(offer, today)
    _answer(offer, Offer.Status.DECLINED)
    cases.change_status(
        case=offer.application.case,
        actor=by,
        status="withdrawn",
        public_note="Place refusée par la famille.",
    )
    return _pass_on(offer, actor=by)


@transaction.atomic
def expire(*, round: AllocationRound, actor: User, today: datetime.date | None = None) -> int:
    """Places offered and left unanswered past their deadline: the case is withdrawn and the
    place goes to the waiting list, as for a refusal. Returns how many."""
    today = today or timezone.localdate()
    late = round.offers.filter(status=Offer.Status.OFFERED, respond_by__lt=today)
    count = 0
    for offer in list(late):
        offer = _locked(offer)
        _answer(offer, Offer.Status.EXPIRED)
        cases.change_status(
            case=offer.application.case,
            actor=actor,
            status="withdrawn",
            public_note=f"Sans réponse avant le {offer.respond_by:%d/%m/%Y}, la place "
            "proposée est attribuée à la famille suivante.",
        )
        _pass_on(offer, actor=actor, today=today)
        count += 1
    return count


def _answerable(offer: Offer, today: datetime.date | None) -> None:
    if offer.status != Offer.Status.OFFERED or offer.round.status != "published":
        raise ValidationError(
            {"__all__": gettext("Aucune place n'est proposée en attente de réponse.")}
        )
    today = today or timezone.localdate()
    if offer.respond_by is not None and today > offer.respond_by:
        raise ValidationError(
            {
                "__all__": gettext("Le délai de réponse est passé (le %(date)s).")
                % {"date": f"{offer.respond_by:%d/%m/%Y}"}
            }
        )


def _answer(offer: Offer, status: str) -> None:
    offer.status, offer.answered_at = status, timezone.now()
    offer.save(update_fields=["status", "answered_at"])


def waiting_list(
    round: AllocationRound, creche: Creche, group: str, *, excluding: int | None = None
) -> list[Offer]:
    """A crèche's waiting list in an age group: the applicants the round left without a place
    who asked for it, their case still open, in the round's published order."""
    return list(
        round.offers.filter(
            status=Offer.Status.WAITING,
            application__age_group=group,
            application__choices__creche=creche,
            application__case__status__in=["new", "in_review", "awaiting_documents"],
        )
        .exclude(pk=excluding or 0)
        .exclude(application_id__in=_holding())
        .select_related("round", "application__case", "application__child")
        .order_by("position")
        .distinct()
    )


def _pass_on(freed: Offer, *, actor: User, today: datetime.date | None = None) -> Offer | None:
    """The place `freed` held goes to the first of its crèche's waiting list."""
    if freed.creche is None or freed.round.status != "published":
        return None
    group = freed.application.age_group
    nxt = next(iter(waiting_list(freed.round, freed.creche, group, excluding=freed.pk)), None)
    if nxt is None:
        return None
    today = today or timezone.localdate()
    rank = next(
        item["choice_rank"] for item in nxt.reasons["lists"] if item["creche"] == freed.creche.code
    )
    nxt.creche, nxt.choice_rank, nxt.status = freed.creche, rank, Offer.Status.OFFERED
    nxt.from_waiting_list = True
    nxt.respond_by = today + datetime.timedelta(days=freed.round.response_days)
    nxt.reasons_text += (
        f"\nPlace libérée le {today:%d/%m/%Y} par un désistement : crèche {freed.creche.code}, "
        f"votre choix n° {rank}, proposée à la première famille de sa liste d'attente, dans "
        "l'ordre de la commission."
    )
    nxt.reasons = {**nxt.reasons, "waiting_list": {"creche": freed.creche.code,
                                                   "on": today.isoformat()}}  # fmt: skip
    nxt.save()
    cases.add_note(
        case=nxt.application.case,
        actor=actor,
        internal_note=f"Place libérée à la crèche {freed.creche.name} (désistement) : "
        f"proposée à cette demande, première de la liste d'attente.",
    )
    _tell(nxt)
    return nxt


# Overrides --------------------------------------------------------------------------------


def places_left(round: AllocationRound, creche: Creche, group: str, *, excluding: Offer) -> int:
    row = CrecheGroup.objects.filter(creche=creche, age_group=group).first()
    held = round.offers.filter(
        creche=creche, application__age_group=group, status__in=HOLDING
    ).exclude(pk=excluding.pk)
    return (row.places if row else 0) - held.count()


@transaction.atomic
def override(
    *, offer: Offer, actor: User, creche: Creche | None, reason: str, tell: bool = True
) -> Offer:
    """The commission changes one decision, with a reason kept on the offer, shown to the
    family and written in the case's trail: a place at another crèche the family asked for
    (with a place left in the child's age group), or none. `tell=False` when the caller
    writes to the family itself (the answer to an appeal)."""
    offer = _locked(offer)
    text = clean_text(reason).strip()[:500]
    if not text:
        raise ValidationError({"reason": "Donnez le motif de la modification."})
    if offer.status not in (Offer.Status.WAITING, Offer.Status.OFFERED):
        raise ValidationError({"__all__": "La famille a déjà répondu : décision inchangée."})
    if offer.round.status == AllocationRound.Status.DRAFT:
        raise ValidationError({"__all__": "Calculez d'abord la commission."})
    rank = _rank_of(offer, creche)
    if (
        creche is not None
        and places_left(offer.round, creche, offer.application.age_group, excluding=offer) <= 0
    ):
        raise ValidationError(
            {"creche": f"Plus de place à la crèche {creche.name} dans cette tranche d'âge."}
        )
    before = offer.creche.name if offer.creche else "pas de place"
    freed = Offer(
        pk=offer.pk, round=offer.round, application=offer.application, creche=offer.creche
    )
    offer.creche, offer.choice_rank = creche, rank
    offer.status = Offer.Status.OFFERED if creche else Offer.Status.WAITING
    published = offer.round.status == AllocationRound.Status.PUBLISHED
    if published and creche is not None:
        offer.respond_by = timezone.localdate() + datetime.timedelta(days=offer.round.response_days)
    offer.override_reason, offer.overridden_by, offer.overridden_at = text, actor, timezone.now()
    change = {"reason": text, "creche": creche.code if creche else None}
    offer.reasons = {**offer.reasons, "override": change}
    offer.reasons_text += f"\nDécision modifiée par la commission : {text}"
    offer.save()
    after = creche.name if creche else "pas de place"
    cases.add_note(
        case=offer.application.case,
        actor=actor,
        internal_note=f"Décision de « {offer.round.name} » modifiée : {before} → {after}. "
        f"Motif : {text}",
    )
    if published:
        if tell:
            _tell(offer)
        if freed.creche is not None and freed.creche != creche:
            _pass_on(freed, actor=actor)
    return offer


def _rank_of(offer: Offer, creche: Creche | None) -> int | None:
    if creche is None:
        return None
    ranks = {c.creche_id: c.rank for c in offer.application.choices.all()}
    if creche.pk not in ranks:
        raise ValidationError({"creche": "La famille n'a pas demandé cette crèche."})
    return ranks[creche.pk]
