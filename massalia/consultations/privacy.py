"""The opinion map's personal data: a person's statements, votes and places on the maps.

Votes say a person's opinions, so erasing an account removes its votes (the counts go down
with them) and its places in the computed groups; its statements stay without a name, since
others voted on them. Nothing here has a retention period of its own yet."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F

from massalia.consultations.models import OpinionGroups, Statement, Vote
from massalia.core.privacy import Counts, PersonalData


def export(user: Any) -> dict[str, Any]:
    statements = [
        {"conversation": s.conversation.title, "text": s.text, "status": s.get_status_display(),
         "created_at": s.created_at.isoformat()}
        for s in Statement.objects.filter(author=user).select_related("conversation")
    ]  # fmt: skip
    votes = [
        {"statement": v.statement.text, "vote": v.get_value_display(),
         "voted_at": v.voted_at.isoformat()}
        for v in Vote.objects.filter(participant=user).select_related("statement")
    ]  # fmt: skip
    found: dict[str, Any] = {}
    if statements:
        found["opinion_statements"] = statements
    if votes:
        found["opinion_votes"] = votes
    return found


@transaction.atomic
def erase(user: Any) -> Counts:
    votes = Vote.objects.filter(participant=user)
    conversations = set(votes.values_list("statement__conversation_id", flat=True))
    for statement_id in votes.values_list("statement_id", flat=True):
        Statement.objects.filter(pk=statement_id).update(votes_count=F("votes_count") - 1)
    removed, _ = votes.delete()
    places = 0
    for computation in OpinionGroups.objects.filter(conversation_id__in=conversations):
        if computation.placements.pop(str(user.pk), None) is not None:
            computation.save(update_fields=["placements"])
            places += 1
    anonymised = Statement.objects.filter(author=user).update(author=None)
    return {"opinion_votes": removed, "opinion_places": places,
            "anonymised_opinion_statements": anonymised}  # fmt: skip


def purge(now: datetime, dry_run: bool) -> Counts:
    return {}


PERSONAL_DATA = PersonalData(
    name="consultations",
    export=export,
    erase=erase,
    purge=purge,
    sections=("opinion_statements", "opinion_votes"),
    erases=("opinion_votes", "opinion_places", "anonymised_opinion_statements"),
)
