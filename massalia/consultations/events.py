"""Events published by the consultations (declared here, the one list of what they say upward).

No subscriber yet: the moderators' notification and the pulse will listen to them."""

from dataclasses import dataclass

from massalia.core.events import DomainEvent, event


@event
@dataclass(frozen=True, kw_only=True)
class StatementSubmitted(DomainEvent):
    """A resident submitted a statement: it waits for moderation."""

    name = "consultations.statement_submitted"
    statement_id: int
    conversation_id: int


@event
@dataclass(frozen=True, kw_only=True)
class StatementModerated(DomainEvent):
    name = "consultations.statement_moderated"
    statement_id: int
    status: str


@event
@dataclass(frozen=True, kw_only=True)
class OpinionGroupsComputed(DomainEvent):
    name = "consultations.opinion_groups_computed"
    conversation_id: int
    computation_id: int
    participants: int
    groups: int


@event
@dataclass(frozen=True, kw_only=True)
class ObservationFiled(DomainEvent):
    """Someone filed an observation in a document's register: it waits for moderation."""

    name = "consultations.observation_filed"
    observation_id: int
    regulation_id: int
    number: int


@event
@dataclass(frozen=True, kw_only=True)
class ObservationModerated(DomainEvent):
    """A moderator published an observation in the public register, or refused it."""

    name = "consultations.observation_moderated"
    observation_id: int
    status: str


@event
@dataclass(frozen=True, kw_only=True)
class ObservationAnswered(DomainEvent):
    """The commissioner or the City answered an observation (`role`: commissioner, city)."""

    name = "consultations.observation_answered"
    observation_id: int
    role: str
