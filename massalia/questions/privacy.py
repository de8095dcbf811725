"""The questions' personal data: the questions a person asked (and their pseudonyms).

A published question and its answer are part of the public record of what officials were
asked: erasing an account keeps them, without the account and without the pseudonym (the
page then says "Anonyme"). A waiting or refused question was never public: it is deleted
with the account, and a refused one is deleted after `QUESTIONS_REFUSED_RETENTION_DAYS`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from massalia.core.privacy import Counts, PersonalData, Retention, cutoff
from massalia.questions.models import Question, Status

RETENTION = "QUESTIONS_REFUSED_RETENTION_DAYS"


def export(user: Any) -> dict[str, Any]:
    asked = [
        {"to": str(q.recipient), "subject": q.subject, "text": q.text, "pseudonym": q.pseudonym,
         "status": q.get_status_display(), "asked_at": q.asked_at.isoformat(),
         "refusal_reason": q.refusal_reason, "answer": q.answer,
         "answered_at": q.answered_at.isoformat() if q.answered_at else None}
        for q in Question.objects.filter(author=user).select_related("recipient")
    ]  # fmt: skip
    return {"questions_to_officials": asked} if asked else {}


@transaction.atomic
def erase(user: Any) -> Counts:
    mine = Question.objects.filter(author=user)
    removed, _ = mine.exclude(status=Status.PUBLISHED).delete()
    kept = mine.filter(status=Status.PUBLISHED).update(author=None, pseudonym="")
    return {"unpublished_questions": removed, "anonymised_questions": kept}


def purge(now: datetime, dry_run: bool) -> Counts:
    old = Question.objects.filter(status=Status.REFUSED, moderated_at__lt=cutoff(now, RETENTION))
    if dry_run:
        return {"refused_questions": old.count()}
    removed, _ = old.delete()
    return {"refused_questions": removed}


PERSONAL_DATA = PersonalData(
    name="questions",
    export=export,
    erase=erase,
    purge=purge,
    retention={"refused_questions": Retention("questions aux élus refusées", RETENTION)},
    sections=("questions_to_officials",),
    erases=("unpublished_questions", "anonymised_questions"),
)
