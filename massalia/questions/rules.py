"""Who may do what with the questions to elected officials (`core.permissions`).

Moderation is the City's, not the addressee's: an official does not choose which questions
about them are published. Answering is the addressee's (their account, their staff)."""

from __future__ import annotations

from typing import Any

from massalia.core.permissions import rule
from massalia.questions.models import Question, Recipient, Status


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated)


@rule("questions.ask")
def ask(user: Any, recipient: Recipient | None = None) -> bool:
    """Signed in with a confirmed email address; the recipient still receives questions."""
    if not _signed_in(user) or not user.email_verified:
        return False
    return recipient is None or recipient.is_active


@rule("questions.moderate")
def moderate(user: Any, question: Question | None = None) -> bool:
    """Administrators, and staff given the moderators' permission (a group in the admin)."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    return bool(user.is_staff and user.has_perm("questions.moderate_question"))


@rule("questions.answer")
def answer(user: Any, target: Question | Recipient | None = None) -> bool:
    """The official and their staff for their questions, and administrators; without a
    target: whoever answers for some recipient."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    if target is None:
        return Recipient.objects.answered_by(user).exists()
    recipient = target.recipient if isinstance(target, Question) else target
    return recipient.answered_by(user)


@rule("questions.view")
def view(user: Any, question: Question) -> bool:
    """A published question is public; a waiting or refused one is its asker's and the
    moderators'."""
    if question.status == Status.PUBLISHED:
        return True
    if not _signed_in(user):
        return False
    return question.author_id == user.pk or moderate(user, question)
