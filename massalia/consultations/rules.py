"""Who may do what on an opinion map (the one permission policy, `core.permissions`)."""

from __future__ import annotations

from typing import Any

from massalia.consultations.models import Conversation, Statement, StatementStatus
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
def moderate(user: Any, statement: Statement) -> bool:
    """Administrators for now; the consultation's own moderators come with its back office."""
    return _signed_in(user) and bool(user.is_superuser or user.is_staff)
