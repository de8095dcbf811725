"""Who may do what in the consultations (the one permission policy, `core.permissions`)."""

from __future__ import annotations

from typing import Any

from massalia.core.permissions import rule
from massalia.participation.models import EDIT, PROPOSE, SUPPORT, Process, Verification


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated)


def _examines(user: Any, process: Process) -> bool:
    """An agent of the department the process's proposals go to, or an administrator."""
    if not _signed_in(user):
        return False
    return bool(user.is_superuser or process.department_id in user.department_ids())


@rule("participation.propose")
def propose(user: Any, process: Process) -> bool:
    return _signed_in(user) and process.is_published and process.allows(PROPOSE)


@rule("participation.support")
def support(user: Any, proposal: Any) -> bool:
    return _signed_in(user) and proposal.process.allows(SUPPORT)


@rule("participation.edit")
def edit(user: Any, proposal: Any) -> bool:
    """Its author, while nobody supports it yet and the contributions phase runs."""
    return (
        _signed_in(user)
        and proposal.author_id == user.pk
        and proposal.supports_count == 0
        and proposal.process.allows(EDIT)
    )


@rule("participation.answer")
def answer(user: Any, proposal: Any) -> bool:
    return _examines(user, proposal.process)


@rule("participation.review")
def review(user: Any, obj: Any) -> bool:
    """The agents' list of proposals: a department that examines some consultation."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    return Process.objects.filter(department_id__in=user.department_ids()).exists()


def _open_for_comments(process: Process) -> bool:
    """Comments are taken while a published consultation is not over."""
    return process.is_published and not process.is_over()


@rule("participation.comment")
def comment(user: Any, target: Any) -> bool:
    """Signed-in people, on a proposal or a consultation that is not over."""
    process = target if isinstance(target, Process) else target.process
    return _signed_in(user) and _open_for_comments(process)


@rule("participation.vote_comment")
def vote_comment(user: Any, comment: Any) -> bool:
    """Signed-in people, on a published comment of a consultation that is not over."""
    return _signed_in(user) and comment.is_visible and _open_for_comments(comment.target_process)


@rule("participation.report")
def report(user: Any, comment: Any) -> bool:
    """Signed-in people other than its author, on a published comment."""
    return (
        _signed_in(user)
        and comment.is_visible
        and comment.author_id != user.pk
        and comment.target_process.is_published
    )


@rule("participation.moderate")
def moderate(user: Any, comment: Any) -> bool:
    """The department that examines the consultation moderates its comments."""
    return _examines(user, comment.target_process)


@rule("participation.vote")
def vote(user: Any, process: Process) -> bool:
    """A resident verified for this process, while its participatory budget's vote runs."""
    found = getattr(process, "budget", None)
    return (
        _signed_in(user)
        and process.is_published
        and found is not None
        and found.is_open()
        and Verification.objects.filter(process=process, person=user).exists()
    )


@rule("participation.verify")
def verify(user: Any, process: Process) -> bool:
    """The department in charge of the process checks its residents and imports its census
    (its agents and the mediators it counts as members)."""
    return _examines(user, process) and hasattr(process, "budget")
