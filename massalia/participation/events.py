"""Events published by participation (declared here, the one list of what it says upward).

Subscribers: the department's notification when a proposal reaches its threshold
(`subscribers.py`); the pulse and open data later (see docs/participation.md).
"""

from dataclasses import dataclass

from massalia.core.events import DomainEvent, event


@event
@dataclass(frozen=True, kw_only=True)
class ProposalPublished(DomainEvent):
    name = "participation.proposal_published"
    proposal_id: int
    process_id: int
    quartier_id: int | None


@event
@dataclass(frozen=True, kw_only=True)
class ProposalEdited(DomainEvent):
    name = "participation.proposal_edited"
    proposal_id: int


@event
@dataclass(frozen=True, kw_only=True)
class ProposalSupported(DomainEvent):
    name = "participation.proposal_supported"
    proposal_id: int
    supports: int


@event
@dataclass(frozen=True, kw_only=True)
class ProposalSentToReview(DomainEvent):
    """The proposal reached its process's threshold: its department is to examine it."""

    name = "participation.proposal_sent_to_review"
    proposal_id: int
    process_id: int
    department_id: int


@event
@dataclass(frozen=True, kw_only=True)
class ProposalAnswered(DomainEvent):
    name = "participation.proposal_answered"
    proposal_id: int
    answer_id: int
    verdict: str


@event
@dataclass(frozen=True, kw_only=True)
class CommentPublished(DomainEvent):
    """A comment or a reply, on a proposal (proposal_id) or on the consultation itself."""

    name = "participation.comment_published"
    comment_id: int
    process_id: int
    proposal_id: int | None
    parent_id: int | None
    quartier_id: int | None


@event
@dataclass(frozen=True, kw_only=True)
class CommentReported(DomainEvent):
    """Someone reported a comment; `hidden_pending_moderation` when this report hid it."""

    name = "participation.comment_reported"
    comment_id: int
    reason: str
    hidden_pending_moderation: bool


@event
@dataclass(frozen=True, kw_only=True)
class CommentModerated(DomainEvent):
    """A moderator hid or restored a comment (`action`: hide or restore)."""

    name = "participation.comment_moderated"
    comment_id: int
    decision_id: int
    action: str


@event
@dataclass(frozen=True, kw_only=True)
class BallotCast(DomainEvent):
    """A verified resident cast their ballot in a participatory budget."""

    name = "participation.ballot_cast"
    ballot_id: int
    process_id: int
    projects: int


@event
@dataclass(frozen=True, kw_only=True)
class BallotChanged(DomainEvent):
    """A resident changed their ballot before the vote closed (its choices replaced)."""

    name = "participation.ballot_changed"
    ballot_id: int
    process_id: int
    projects: int


@event
@dataclass(frozen=True, kw_only=True)
class ResidentVerified(DomainEvent):
    """An account may vote in a process's participatory budget (`method`: census or agent)."""

    name = "participation.resident_verified"
    verification_id: int
    process_id: int
    method: str
