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
def moderate(user: Any, statement: Statement | None = None) -> bool:
    """Administrators, and staff given the moderators' permission (a group in the admin):
    being staff alone opens the back office, not every consultation's statements."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    return bool(user.is_staff and user.has_perm("consultations.moderate_statement"))
