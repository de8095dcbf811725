"""What the opinion map's pages read."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

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


def conversations() -> QuerySet[Conversation]:
    """The published opinion maps, the latest opened first."""
    return Conversation.objects.filter(is_published=True).order_by("-opens_at", "pk")


def conversation(slug: str) -> Conversation:
    """A published opinion map, or a 404 (an unpublished one is not there yet)."""
    return get_object_or_404(conversations(), slug=slug)


def next_statement(conversation: Conversation, participant: Any) -> Statement | None:
    """The one statement to show `participant` now, in `statements_to_vote`'s order."""
    return statements_to_vote(conversation, participant, limit=1).first()


def published_statement(conversation: Conversation, pk: int) -> Statement:
    return get_object_or_404(
        conversation.statements.filter(status=StatementStatus.PUBLISHED), pk=pk
    )


def progress(conversation: Conversation, participant: Any) -> tuple[int, int]:
    """How many published statements `participant` voted on, out of how many."""
    published = conversation.statements.filter(status=StatementStatus.PUBLISHED)
    voted = Vote.objects.filter(participant=participant, statement__in=published).count()
    return voted, published.count()


def submitted_by(conversation: Conversation, author: Any) -> QuerySet[Statement]:
    """`author`'s own statements, to tell them which wait for moderation or were refused."""
    return conversation.statements.filter(author=author).order_by("-created_at", "-pk")


def to_moderate() -> QuerySet[Statement]:
    """Every statement waiting for a moderator, the oldest first."""
    pending = Statement.objects.filter(status=StatementStatus.PENDING)
    return pending.select_related("conversation").order_by("created_at", "pk")
