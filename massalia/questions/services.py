"""Writes with consequences: asking, moderating, answering. Keyword-only, atomic, one domain
event each; the question's row keeps who moderated and who answered, and when.

A refusal is a `ValidationError` (a field's French message) or a `PermissionDenied` (not
allowed), which the pages turn into a 4xx; nothing is stored then.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from massalia.core.events import publish
from massalia.core.permissions import can
from massalia.core.text import clean_text, is_blank
from massalia.questions import events
from massalia.questions.models import (
    ANSWER_MAX,
    PSEUDONYM_MAX,
    SUBJECT_MAX,
    TEXT_MAX,
    Question,
    Recipient,
    Status,
)

# A resident's questions waiting for a reader at once: enough for anyone, not a flood.
MAX_PENDING = 5


def _text(value: str, *, field: str, limit: int, missing: str = "") -> str:
    cleaned = clean_text(value or "").strip()
    if missing and is_blank(cleaned):
        raise ValidationError({field: missing})
    if len(cleaned) > limit:
        raise ValidationError(
            {field: _("%(limit)d caractères au plus, s'il vous plaît.") % {"limit": limit}}
        )
    return cleaned


def ask_question(
    *, recipient: Recipient, author: Any, subject: str, text: str, pseudonym: str = ""
) -> Question:
    """File `author`'s public question to `recipient`; it waits for a moderator's reading."""
    if not can(author, "questions.ask", recipient):
        raise PermissionDenied(_("Confirmez votre adresse email pour poser une question."))
    fields = {
        "subject": _text(subject, field="subject", limit=SUBJECT_MAX,
                         missing=_("Donnez un objet à votre question.")),
        "text": _text(text, field="text", limit=TEXT_MAX, missing=_("Écrivez votre question.")),
        "pseudonym": _text(pseudonym, field="pseudonym", limit=PSEUDONYM_MAX),
    }  # fmt: skip
    with transaction.atomic():
        waiting = Question.objects.filter(author=author, status=Status.PENDING)
        if waiting.select_for_update().count() >= MAX_PENDING:
            raise ValidationError(
                _("Vous avez déjà %(count)d questions en attente de relecture : attendez leur "
                  "publication avant d'en poser une autre.") % {"count": MAX_PENDING}
            )  # fmt: skip
        question = Question.objects.create(recipient=recipient, author=author, **fields)
        publish(events.QuestionAsked(question_id=question.pk, recipient_id=recipient.pk))
    return question


def moderate_question(
    *, question: Question, moderator: Any, publish_it: bool, reason: str = ""
) -> Question:
    """Publish a waiting question (its answer time starts now), or refuse it with a reason
    its asker reads."""
    if not can(moderator, "questions.moderate", question):
        raise PermissionDenied("questions.moderate")
    reason = _text(reason, field="reason", limit=300)
    if not publish_it and not reason:
        raise ValidationError({"reason": "Dites pourquoi la question est refusée."})
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if locked.status != Status.PENDING:
            raise ValidationError("Cette question a déjà été relue.")
        now = timezone.now()
        locked.status = Status.PUBLISHED if publish_it else Status.REFUSED
        locked.moderated_at, locked.moderated_by = now, moderator
        locked.published_at = now if publish_it else None
        locked.refusal_reason = "" if publish_it else reason
        locked.save(
            update_fields=["status", "moderated_at", "moderated_by", "published_at",
                           "refusal_reason"]
        )  # fmt: skip
        publish(
            events.QuestionModerated(
                question_id=locked.pk, recipient_id=locked.recipient_id, status=locked.status
            )
        )
    return locked


def signature(recipient: Recipient, by: Any) -> str:
    """How an answer is signed: the official's name when they write it, their cabinet's when
    their staff or an administrator does; a town hall signs with its name."""
    if recipient.kind == Recipient.Kind.TOWN_HALL or recipient.account_id == by.pk:
        return str(recipient)
    return f"Le cabinet de {recipient.name}"


def answer_question(*, question: Question, by: Any, text: str) -> Question:
    """Publish the answer to a published question; its asker is emailed (subscriber)."""
    if not can(by, "questions.answer", question):
        raise PermissionDenied("questions.answer")
    body = _text(text, field="text", limit=ANSWER_MAX, missing="Écrivez la réponse.")
    with transaction.atomic():
        locked = (
            Question.objects.select_for_update().select_related("recipient").get(pk=question.pk)
        )
        if locked.status != Status.PUBLISHED:
            raise ValidationError("Seule une question publiée reçoit une réponse.")
        if locked.answered_at is not None:
            raise ValidationError("Cette question a déjà reçu sa réponse.")
        assert locked.published_at is not None  # published questions have a date
        now = timezone.now()
        locked.answer, locked.answered_at, locked.answered_by = body, now, by
        locked.answer_signature = signature(locked.recipient, by)
        locked.answer_days = round((now - locked.published_at).total_seconds() / 86400, 2)
        locked.save(
            update_fields=["answer", "answered_at", "answered_by", "answer_signature",
                           "answer_days"]
        )  # fmt: skip
        publish(
            events.QuestionAnswered(
                question_id=locked.pk, recipient_id=locked.recipient_id,
                answer_days=locked.answer_days,
            )
        )  # fmt: skip
    return locked
