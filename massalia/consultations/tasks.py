"""The opinion groups, computed in the background as votes arrive (`services.vote` asks).

The request flag is cleared before the votes are read, so a vote cast during a computation
asks for the next one; the previous computation's centroids keep the groups' labels."""

from __future__ import annotations

import logging

from django.db import transaction

from massalia.consultations import events, opinions, selectors
from massalia.consultations.models import Conversation, OpinionGroups
from massalia.core.events import publish
from massalia.core.tasks import task

log = logging.getLogger(__name__)


@task
def compute_groups(*, conversation_id: int) -> int | None:
    """Compute and keep the conversation's groups; the new computation's id, or None when
    the votes do not yet form groups (too few participants with 7 votes)."""
    Conversation.objects.filter(pk=conversation_id).update(groups_wanted=False)
    conversation = Conversation.objects.get(pk=conversation_id)
    previous = conversation.latest_groups()
    try:
        result = opinions.opinion_groups(
            selectors.votes_of(conversation),
            previous=_profiles(previous) if previous else None,
        )
    except opinions.VoteError as exc:
        log.info("opinion groups of conversation %s not computed: %s", conversation_id, exc)
        return None
    with transaction.atomic():
        computation = OpinionGroups.objects.create(conversation=conversation, **_fields(result))
        publish(
            events.OpinionGroupsComputed(
                conversation_id=conversation_id, computation_id=computation.pk,
                participants=computation.participants, groups=computation.groups,
            )
        )  # fmt: skip
    return computation.pk


def _profiles(computation: OpinionGroups) -> dict[int, dict[int, float]]:
    """The stored centroids with their keys back to numbers (JSON keeps them as text)."""
    return {
        int(group): {int(statement): value for statement, value in profile.items()}
        for group, profile in computation.profiles.items()
    }


def _fields(result: opinions.OpinionMap) -> dict[str, object]:
    def shares(items: tuple[opinions.StatementShare, ...]) -> list[dict[str, object]]:
        return [
            {"statement": item.statement, "direction": item.direction, "share": item.share,
             "voters": item.voters}
            for item in items
        ]  # fmt: skip

    placements = {
        str(who): [group, round(float(x), 4), round(float(y), 4)]
        for who, group, (x, y) in zip(
            result.participants, result.labels.tolist(), result.coordinates, strict=True
        )
    }
    return {
        "participants": len(result.participants),
        "statements": len(result.statements),
        "groups": len(result.centroids),
        "components": result.components,
        "silhouette": round(result.silhouette, 4),
        "placements": placements,
        "profiles": {
            str(g): {str(s): round(v, 5) for s, v in profile.items()}
            for g, profile in result.profiles().items()
        },
        "representative": {str(g): shares(items) for g, items in result.representative.items()},
        "consensus": shares(result.consensus),
    }
