"""The opinion map's writes: a statement submitted, moderated, a vote cast (or changed).

Each write is keyword-only and atomic, publishes its event in its transaction, and a vote
asks for the groups to be computed again (`tasks.compute_groups`, after the commit): the
first vote after a computation asks, the others find the request already made."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from massalia.consultations import events
from massalia.consultations.models import (
    STATEMENT_MAX_LENGTH,
    Conversation,
    Statement,
    StatementStatus,
    Vote,
    VoteValue,
)
from massalia.core.events import publish
from massalia.core.permissions import can
from massalia.core.tasks import defer
from massalia.core.text import clean_text, is_blank


def submit_statement(*, conversation: Conversation, author: Any, text: str) -> Statement:
    """A resident's statement, kept for moderation (nobody votes on it before)."""
    if not can(author, "consultations.submit_statement", conversation):
        raise PermissionDenied(_("Cette carte des opinions ne reçoit pas de propositions."))
    text = " ".join(clean_text(text).split())
    if is_blank(text):
        raise ValidationError({"text": _("Écrivez votre proposition.")})
    if len(text) > STATEMENT_MAX_LENGTH:
        raise ValidationError(
            {"text": _("%(max)d caractères au plus.") % {"max": STATEMENT_MAX_LENGTH}}
        )
    with transaction.atomic():
        statement = Statement.objects.create(conversation=conversation, author=author, text=text)
        publish(
            events.StatementSubmitted(statement_id=statement.pk, conversation_id=conversation.pk)
        )
    return statement


def moderate_statement(
    *, statement: Statement, moderator: Any, publish_it: bool, reason: str = ""
) -> Statement:
    """Publish a pending statement (people can vote on it) or refuse it, saying why: the
    author reads the reason, so a refusal without one is refused."""
    if not can(moderator, "consultations.moderate", statement):
        raise PermissionDenied(_("Seuls les modérateurs de la consultation peuvent modérer."))
    reason = " ".join(clean_text(reason).split())[:300]
    if not publish_it and is_blank(reason):
        raise ValidationError({"reason": _("Dites pourquoi la proposition est refusée.")})
    status = StatementStatus.PUBLISHED if publish_it else StatementStatus.REJECTED
    with transaction.atomic():
        Statement.objects.filter(pk=statement.pk).update(
            status=status, moderated_at=timezone.now(), moderated_by=moderator,
            refusal_reason="" if publish_it else reason,
        )  # fmt: skip
        publish(events.StatementModerated(statement_id=statement.pk, status=status))
    statement.refresh_from_db()
    return statement


def vote(*, statement: Statement, participant: Any, value: int) -> Vote:
    """`participant`'s vote on a published statement of an open conversation; a second vote
    on the same statement replaces the first."""
    if value not in VoteValue.values:
        raise ValidationError({"value": _("Choisissez : d'accord, pas d'accord ou je passe.")})
    if not can(participant, "consultations.vote", statement):
        raise PermissionDenied(_("Cette proposition ne se vote pas en ce moment."))
    with transaction.atomic():
        cast, created = Vote.objects.update_or_create(
            statement=statement, participant=participant,
            defaults={"value": value, "voted_at": timezone.now()},
        )  # fmt: skip
        if created:
            Statement.objects.filter(pk=statement.pk).update(votes_count=F("votes_count") + 1)
        ask_for_groups(statement.conversation_id)
    return cast


def ask_for_groups(conversation_id: int) -> None:
    """Ask for the groups to be computed once the transaction commits, unless a request is
    already waiting (a conditional UPDATE: one of many simultaneous votes makes it)."""
    from massalia.consultations.tasks import compute_groups

    asked = Conversation.objects.filter(pk=conversation_id, groups_wanted=False).update(
        groups_wanted=True
    )
    if asked:
        defer(compute_groups, conversation_id=conversation_id)
