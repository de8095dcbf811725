"""Every write of participation: keyword-only, atomic, one domain event each.

Views validate input and call these; tests build their data through them. A refusal is a
`ValidationError` with a French message (by field where one is to blame), which the pages
show with a 4xx.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from massalia.core.events import publish
from massalia.core.permissions import can
from massalia.core.text import clean_text, is_blank
from massalia.participation import events
from massalia.participation.models import (
    Answer,
    Phase,
    Process,
    Proposal,
    ProposalStatus,
    Scope,
    Support,
    Verdict,
)
from massalia.territory import geo
from massalia.territory.locations import LocationNotFound, locate
from massalia.territory.models import Department

TITLE_MAX = 150
TEXT_MAX = 5000
ANSWER_MAX = 10000


@dataclass(frozen=True)
class Place:
    """Where a proposal is, as a person gave it: nothing, an address, a quartier, or both."""

    address: str = ""
    quartier_id: int | None = None


def create_process(
    *,
    slug: str,
    title: str,
    summary: str,
    department: Department,
    phases: list[tuple[str, datetime.date, datetime.date]],
    body: str = "",
    scope: str = Scope.CITY,
    arrondissement: Any = None,
    quartier: Any = None,
    support_threshold: int = 50,
) -> Process:
    """A consultation and its phases (kind, first day, last day). The admin is the other way
    in; this one is for the demo and the tests."""
    with transaction.atomic():
        process = Process.objects.create(
            slug=slug,
            title=title,
            summary=summary,
            body=body,
            scope=scope,
            arrondissement=arrondissement,
            quartier=quartier,
            department=department,
            support_threshold=support_threshold,
        )
        Phase.objects.bulk_create(
            Phase(process=process, kind=kind, starts_on=start, ends_on=end)
            for kind, start, end in phases
        )
    return process


def _text(value: str, *, field: str, limit: int, missing: str) -> str:
    cleaned = clean_text(value).strip()
    if is_blank(cleaned):
        raise ValidationError({field: missing})
    if len(cleaned) > limit:
        raise ValidationError(
            {field: _("%(limit)d caractères au plus, s'il vous plaît.") % {"limit": limit}}
        )
    return cleaned


def _content(title: str, text: str) -> dict[str, str]:
    return {
        "title": _text(
            title, field="title", limit=TITLE_MAX, missing=_("Donnez un titre à la proposition.")
        ),
        "text": _text(text, field="text", limit=TEXT_MAX, missing=_("Décrivez votre proposition.")),
    }


def _located(process: Process, place: Place) -> dict[str, Any]:
    """The place columns of a proposal; refuses a place outside the process's scope."""
    address = clean_text(place.address).strip()
    if not address and place.quartier_id is None:
        return {"address": "", "latitude": None, "longitude": None, "quartier_id": None}
    try:
        found = locate(address=address, quartier_id=place.quartier_id)
    except LocationNotFound as exc:
        raise ValidationError({"address": str(exc)}) from None
    quartier_id = found.quartier_id
    if quartier_id is None and found.latitude is not None and found.longitude is not None:
        point = geo.locate(found.latitude, found.longitude)
        quartier_id = point.quartier_id if point else None
    allowed = process.quartiers()
    inside = quartier_id is not None and allowed.filter(pk=quartier_id).exists()
    if process.scope != Scope.CITY and not inside:
        raise ValidationError(
            {
                "address": _("Ce lieu est hors du périmètre de la consultation (%(place)s).")
                % {"place": process.place_label()}
            }
        )
    if quartier_id is not None and not inside:
        raise ValidationError({"quartier": _("Choisissez un quartier de la liste.")})
    return {
        "address": found.address,
        "latitude": found.latitude,
        "longitude": found.longitude,
        "quartier_id": quartier_id,
    }


def propose(
    *, process: Process, author: Any, title: str, text: str, place: Place | None = None
) -> Proposal:
    """Publish a proposal in `process` during its contributions phase."""
    if not can(author, "participation.propose", process):
        raise PermissionDenied(_("Cette consultation ne reçoit pas de propositions en ce moment."))
    fields = _content(title, text) | _located(process, place or Place())
    with transaction.atomic():
        proposal = Proposal.objects.create(process=process, author=author, **fields)
        publish(
            events.ProposalPublished(
                proposal_id=proposal.pk,
                process_id=process.pk,
                quartier_id=proposal.quartier_id,
            )
        )
    return proposal


NOT_EDITABLE = _(
    "Cette proposition ne peut plus être modifiée : elle a reçu un soutien, ou la phase "
    "des propositions est close."
)


def edit_proposal(
    *, proposal: Proposal, user: Any, title: str, text: str, place: Place | None = None
) -> Proposal:
    """Change a proposal's text and place: its author, until its first support.

    The update is conditional on there being no support yet, so a support that lands while
    the author edits wins: people never support a text that changes under them."""
    if not can(user, "participation.edit", proposal):
        raise PermissionDenied(str(NOT_EDITABLE))
    fields = _content(title, text) | _located(proposal.process, place or Place())
    with transaction.atomic():
        changed = Proposal.objects.filter(pk=proposal.pk, author=user, supports_count=0).update(
            changed_at=timezone.now(), **fields
        )
        if not changed:
            raise PermissionDenied(str(NOT_EDITABLE))
        publish(events.ProposalEdited(proposal_id=proposal.pk))
    proposal.refresh_from_db()
    return proposal


ALREADY_SUPPORTED = _("Vous soutenez déjà cette proposition.")


def support(*, proposal: Proposal, user: Any) -> Proposal:
    """Count `user`'s support once; at the process's threshold, send the proposal to review.

    The unique constraint on (proposal, person) is what makes "once" hold under parallel
    requests: the second insert fails, its transaction is undone and the person is told.
    The move to review is a conditional UPDATE, so exactly one support makes it."""
    if not can(user, "participation.support", proposal):
        raise PermissionDenied(_("Cette proposition ne peut pas être soutenue en ce moment."))
    process = proposal.process
    try:
        with transaction.atomic():
            Support.objects.create(proposal=proposal, user=user)
            Proposal.objects.filter(pk=proposal.pk).update(supports_count=F("supports_count") + 1)
            count = Proposal.objects.values_list("supports_count", flat=True).get(pk=proposal.pk)
            publish(events.ProposalSupported(proposal_id=proposal.pk, supports=count))
            moved = Proposal.objects.filter(
                pk=proposal.pk,
                status=ProposalStatus.PUBLISHED,
                supports_count__gte=process.support_threshold,
            ).update(status=ProposalStatus.IN_REVIEW, in_review_at=timezone.now())
            if moved:
                publish(
                    events.ProposalSentToReview(
                        proposal_id=proposal.pk,
                        process_id=process.pk,
                        department_id=process.department_id,
                    )
                )
    except IntegrityError:
        raise ValidationError(str(ALREADY_SUPPORTED)) from None
    proposal.refresh_from_db()
    return proposal


def answer(*, proposal: Proposal, official: Any, verdict: str, text: str) -> Answer:
    """The city's official answer to a proposal, public at once; a later one supersedes it
    (both are kept, dated)."""
    if not can(official, "participation.answer", proposal):
        raise PermissionDenied(_("Seul le service chargé de la consultation peut répondre."))
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Choisissez une réponse de la liste.")})
    body = _text(text, field="text", limit=ANSWER_MAX, missing=_("Rédigez la réponse."))
    with transaction.atomic():
        given = Answer.objects.create(
            proposal=proposal,
            verdict=verdict,
            text=body,
            official=official,
            official_name=str(official)[:150],
            department_name=proposal.process.department.name,
        )
        Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.ANSWERED)
        publish(
            events.ProposalAnswered(proposal_id=proposal.pk, answer_id=given.pk, verdict=verdict)
        )
    proposal.refresh_from_db()
    return given
