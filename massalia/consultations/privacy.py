"""The consultations' personal data: a person's statements, votes and places on the opinion
maps, and their observations in the registers of the document consultations.

Votes say a person's opinions, so erasing an account removes its votes (the counts go down
with them) and its places in the computed groups; its statements stay without a name, since
others voted on them. A register's observations are part of the inquiry's record: erasing
an account keeps their text in the register but removes the name, the address and the
displayed name (the register then says "Anonyme"). Nothing here has a retention period of its
own yet."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F

from massalia.consultations.models import Observation, OpinionGroups, Statement, Vote
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
    observations = [
        {"register": o.regulation.title, "number": o.number, "text": o.text,
         "theme": o.get_theme_display(), "about": o.get_target_display(), "quote": o.quote,
         "displayed_name": o.display_name, "name": o.author_name, "email": o.author_email,
         "status": o.get_status_display(), "filed_at": o.created_at.isoformat(),
         "answer": o.answer}
        for o in Observation.objects.filter(author=user).select_related("regulation")
    ]  # fmt: skip
    found: dict[str, Any] = {}
    if observations:
        found["register_observations"] = observations
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
    observations = Observation.objects.filter(author=user).update(
        author=None, author_name="", author_email="", display_name=""
    )
    return {"opinion_votes": removed, "opinion_places": places,
            "anonymised_opinion_statements": anonymised,
            "anonymised_register_observations": observations}  # fmt: skip


def purge(now: datetime, dry_run: bool) -> Counts:
    return {}


PERSONAL_DATA = PersonalData(
    name="consultations",
    export=export,
    erase=erase,
    purge=purge,
    sections=("opinion_statements", "opinion_votes", "register_observations"),
    erases=(
        "opinion_votes",
        "opinion_places",
        "anonymised_opinion_statements",
        "anonymised_register_observations",
    ),
)
