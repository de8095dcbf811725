"""Who may do what on an opinion map (the one permission policy, `core.permissions`)."""

from __future__ import annotations

from typing import Any

from massalia.consultations.models import (
    Conversation,
    Observation,
    Regulation,
    Statement,
    StatementStatus,
)
from massalia.core.permissions import rule


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated)


@rule("consultations.submit_statement")
def submit_statement(user: Any, conversation: Conversation) -> bool:
    return _signed_in(user) and conversation.is_open()


@rule("consultations.vote")
def vote(user: Any, statement: Statement) -> bool:
    return (
        _signed_in(user)
        and statement.status == StatementStatus.PUBLISHED
        and statement.conversation.is_open()
    )


@rule("consultations.moderate")
def moderate(user: Any, statement: Statement | None = None) -> bool:
    """Administrators, and staff given the moderators' permission (a group in the admin):
    being staff alone opens the back office, not every consultation's statements."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    return bool(user.is_staff and user.has_perm("consultations.moderate_statement"))


@rule("consultations.observe")
def observe(user: Any, regulation: Regulation) -> bool:
    """Anyone may write in an open register, signed in or giving a name and an address."""
    return regulation.is_open()


def _commissioner_of(user: Any, regulation: Regulation | None) -> bool:
    return regulation is not None and regulation.commissioner_id == user.pk


@rule("consultations.moderate_observations")
def moderate_observations(user: Any, regulation: Regulation | None = None) -> bool:
    """Administrators, staff given the registers' moderators' permission, and the document's
    commissioner."""
    if not _signed_in(user):
        return False
    if user.is_superuser or _commissioner_of(user, regulation):
        return True
    return bool(user.is_staff and user.has_perm("consultations.moderate_observation"))


@rule("consultations.answer_observation")
def answer_observation(user: Any, observation: Observation | None = None) -> bool:
    """Administrators, staff given the answering permission (the City's planners), and the
    commissioner of the observation's document."""
    if not _signed_in(user):
        return False
    regulation = observation.regulation if observation is not None else None
    if user.is_superuser or _commissioner_of(user, regulation):
        return True
    return bool(user.is_staff and user.has_perm("consultations.answer_observation"))
