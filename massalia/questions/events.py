"""Events published by the questions to elected officials (the one list of what they say
upward). The asker's emails (`subscribers.py`) and the pulse listen to them."""

from dataclasses import dataclass

from massalia.core.events import DomainEvent, event


@event
@dataclass(frozen=True, kw_only=True)
class QuestionAsked(DomainEvent):
    """A resident asked an official or a sector town hall: the question waits for a reader."""

    name = "questions.question_asked"
    question_id: int
    recipient_id: int


@event
@dataclass(frozen=True, kw_only=True)
class QuestionModerated(DomainEvent):
    """A moderator published the question (`status` "published") or refused it ("refused")."""

    name = "questions.question_moderated"
    question_id: int
    recipient_id: int
    status: str


@event
@dataclass(frozen=True, kw_only=True)
class QuestionAnswered(DomainEvent):
    """The official, their staff or an administrator answered a published question."""

    name = "questions.question_answered"
    question_id: int
    recipient_id: int
    answer_days: float
