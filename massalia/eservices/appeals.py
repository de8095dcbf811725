"""A family's appeal against a published crèche decision, and the commission's answer.

The family files it from its decision page, with its reasons, within the round's appeal
delay (`AllocationRound.appeal_months`, two months from publication by default: the delay of
an administrative appeal). The commission reads it on the round's screen and on the case
page, and answers: upheld, the decision changed through the commission's override (another
crèche the family asked for, with a place left), or rejected, with a reason either way. The
family is told by email and reads the answer on its page; each step is a note in the case's
trail and an event.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from massalia.accounts.models import User
from massalia.core.events import publish
from massalia.core.notifications import notify
from massalia.core.permissions import can
from massalia.core.text import clean_text
from massalia.eservices import creches
from massalia.eservices.events import CrecheAppealAnswered, CrecheAppealFiled
from massalia.eservices.models import AllocationRound, Appeal, Creche, CrecheApplication, Offer
from massalia.servicerequests import services as cases

MAX_TEXT = 2000


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it has no such day (a
    decision published on 31 December may be appealed until 28 or 29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def deadline(round: AllocationRound) -> datetime.date | None:
    """The last day a decision of `round` may be appealed (None before it is published)."""
    if round.published_at is None:
        return None
    return add_months(timezone.localdate(round.published_at), round.appeal_months)


def may_appeal(offer: Offer, today: datetime.date | None = None) -> bool:
    """A published decision within its delay, its application with no appeal waiting."""
    last = deadline(offer.round)
    today = today or timezone.localdate()
    return (
        last is not None
        and today <= last
        and not Appeal.objects.filter(application_id=offer.application_id, status="open").exists()
    )


def _text(value: str, field: str, missing: str) -> str:
    text = clean_text(value).strip()
    if not text:
        raise ValidationError({field: missing})
    if len(text) > MAX_TEXT:
        raise ValidationError({field: gettext("%(max)s caractères au plus.") % {"max": MAX_TEXT}})
    return text


@transaction.atomic
def file_appeal(
    *, offer: Offer, by: User, reasons: str, today: datetime.date | None = None
) -> Appeal:
    """The family appeals against its decision. Only an adult of the household; within the
    round's delay; one appeal waiting for an answer per application at a time."""
    application = CrecheApplication.objects.select_for_update().get(pk=offer.application_id)
    if not application.household.adults.filter(user=by).exists():
        raise PermissionDenied("Seule la famille peut former un recours.")
    offer = Offer.objects.select_related("round").get(pk=offer.pk)
    last = deadline(offer.round)
    today = today or timezone.localdate()
    if last is None:
        raise ValidationError({"__all__": gettext("Cette décision n'est pas encore publiée.")})
    if today > last:
        raise ValidationError(
            {
                "__all__": gettext(
                    "Le délai de recours contre cette décision a pris fin le %(date)s."
                )
                % {"date": f"{last:%d/%m/%Y}"}
            }
        )
    if application.appeals.filter(status=Appeal.Status.OPEN).exists():
        raise ValidationError(
            {"__all__": gettext("Un recours est déjà en attente de la réponse de la commission.")}
        )
    text = _text(reasons, "reasons", gettext("Expliquez les motifs de votre recours."))
    appeal = Appeal.objects.create(offer=offer, application=application, reasons=text, filed_by=by)
    cases.add_note(
        case=application.case,
        actor=by,
        internal_note=f"Recours déposé contre la décision de « {offer.round.name} » : {text}",
    )
    publish(
        CrecheAppealFiled(
            appeal_id=appeal.pk, request_id=application.case_id, round_id=offer.round_id
        )
    )
    return appeal


@transaction.atomic
def answer_appeal(
    *, appeal: Appeal, actor: User, upheld: bool, reason: str, creche: Creche | None = None
) -> Appeal:
    """The commission answers an appeal: upheld, the decision becomes a place at `creche`
    (a crèche the family asked for, with a place left: the override's own checks); or
    rejected. The reason is required either way and told to the family."""
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("offer__round", "application__case", "application__child")
        .get(pk=appeal.pk)
    )
    if not can(actor, "eservices.creche_commission", appeal.offer.round):
        raise PermissionDenied("Seule la commission répond à un recours.")
    if not appeal.is_open:
        raise ValidationError({"__all__": "Ce recours a déjà reçu sa réponse."})
    text = _text(reason, "reason", "Donnez le motif de la réponse.")
    if upheld:
        if creche is None:
            raise ValidationError({"creche": "Choisissez la crèche proposée à la famille."})
        creches.override(
            offer=appeal.offer, actor=actor, creche=creche, reason=f"Recours accepté : {text}",
            tell=False,
        )  # fmt: skip
    appeal.status = Appeal.Status.UPHELD if upheld else Appeal.Status.REJECTED
    appeal.answer, appeal.answered_by, appeal.answered_at = text, actor, timezone.now()
    appeal.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    cases.add_note(
        case=appeal.application.case,
        actor=actor,
        internal_note=f"Recours {appeal.get_status_display()} par la commission. Motif : {text}",
    )
    publish(
        CrecheAppealAnswered(
            appeal_id=appeal.pk,
            request_id=appeal.application.case_id,
            round_id=appeal.offer.round_id,
            upheld=upheld,
        )
    )
    _tell(appeal)
    return appeal


def _tell(appeal: Appeal) -> None:
    """The family's email: the answer to its appeal, with the link to its page."""
    address = appeal.application.case.contact_email
    if not address:
        return
    offer = Offer.objects.select_related("creche").get(pk=appeal.offer_id)
    link = reverse("eservices:creche_application", args=[appeal.application_id])
    context = {
        "child": appeal.application.child.first_name,
        "upheld": appeal.status == Appeal.Status.UPHELD,
        "answer": appeal.answer,
        "creche": offer.creche.name if offer.creche else "",
        "respond_by": f"{offer.respond_by:%d/%m/%Y}" if offer.respond_by else "",
        "url": settings.SITE_URL.rstrip("/") + link,
    }
    transaction.on_commit(
        lambda: notify(to=address, template="eservices/creche_appeal", context=context)
    )
