"""What the opinion map's pages read."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from massalia.consultations.models import Conversation, Statement, StatementStatus, Vote


def statements_to_vote(conversation: Conversation, participant: Any, limit: int = 5
                       ) -> QuerySet[Statement]:  # fmt: skip
    """The published statements `participant` has not voted on yet, those with the fewest
    votes first (so every statement gets seen, not only the first ones), then the oldest."""
    voted = Vote.objects.filter(participant=participant, statement__conversation=conversation)
    return (
        conversation.statements.filter(status=StatementStatus.PUBLISHED)
        .exclude(pk__in=voted.values("statement_id"))
        .order_by("votes_count", "created_at", "pk")[:limit]
    )


def votes_of(conversation: Conversation) -> list[tuple[int, int, int]]:
    """Every vote on the conversation's published statements, as (participant, statement,
    vote), in the order they were cast."""
    rows = Vote.objects.filter(
        statement__conversation=conversation, statement__status=StatementStatus.PUBLISHED
    ).order_by("voted_at", "pk")
    return list(rows.values_list("participant_id", "statement_id", "value"))
