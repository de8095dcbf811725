"""Who may do what on service requests (registered in the one permission policy)."""

from __future__ import annotations

from typing import Any

from massalia.core.moderation import State
from massalia.core.permissions import rule
from massalia.territory.models import Department


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated)


def _admin(user: Any) -> bool:
    return _signed_in(user) and user.is_superuser


def _in_department(user: Any, department_id: int | None) -> bool:
    return _signed_in(user) and department_id in user.department_ids()


@rule("servicerequests.submit")
def submit(user: Any, obj: Any) -> bool:
    return True  # anonymous citizens may report, with email confirmation


@rule("servicerequests.view")
def view(user: Any, case: Any) -> bool:
    if case.is_public or _is_requester(user, case):
        return True
    return _admin(user) or _in_department(user, case.department_id)


@rule("servicerequests.view_internal")
def view_internal(user: Any, case: Any) -> bool:
    """Internal notes, requester's contact details, audit trail."""
    return _admin(user) or _in_department(user, case.department_id)


@rule("servicerequests.manage")
def manage(user: Any, case: Any) -> bool:
    """Change status, write notes, assign, merge, reassign."""
    return _admin(user) or _in_department(user, case.department_id)


def _is_requester(user: Any, case: Any) -> bool:
    return _signed_in(user) and case.requester_id == user.pk


@rule("servicerequests.reply")
def reply(user: Any, case: Any) -> bool:
    """Write to the department on the case's correspondence: its requester, signed in."""
    return _is_requester(user, case)


@rule("servicerequests.view_attachment")
def view_attachment(user: Any, attachment: Any) -> bool:
    """A public photo as the case; a document of the correspondence for the requester and
    the department; an internal photo for the department only."""
    case = attachment.request
    if attachment.message_id is None and attachment.moderation != State.PUBLISHED:
        # Held for moderation or hidden by it: its author while held, and the moderators.
        mine = _signed_in(user) and attachment.author_id == user.pk
        return (mine and attachment.moderation == State.PENDING) or view_internal(user, case)
    if attachment.is_public and attachment.message_id is None:
        return view(user, case)
    if attachment.message_id is not None and _is_requester(user, case):
        return True
    return view_internal(user, case)


@rule("servicerequests.follow")
def follow(user: Any, case: Any) -> bool:
    return _signed_in(user) and view(user, case)


@rule("servicerequests.list_mine")
def list_mine(user: Any, obj: Any) -> bool:
    return _signed_in(user)


@rule("servicerequests.inbox")
def inbox(user: Any, department: Department | None) -> bool:
    """Open a department's inbox (None: the list of one's inboxes)."""
    if department is None:
        return _admin(user) or (_signed_in(user) and bool(user.department_ids()))
    return _admin(user) or _in_department(user, department.pk)


@rule("servicerequests.overview")
def overview(user: Any, obj: Any) -> bool:
    """City-wide figures across departments: officials, managers, administrators."""
    if not _signed_in(user):
        return False
    return user.is_superuser or user.is_official or bool(user.department_ids(managed_only=True))


@rule("servicerequests.contribute")
def contribute(user: Any, case: Any) -> bool:
    """Add a public update or photos to a public case: anyone signed in whose address is
    confirmed (a held contribution waits for a moderator, `contributions`)."""
    return _signed_in(user) and bool(user.email_verified) and case.is_public


@rule("servicerequests.moderate")
def moderate(user: Any, case: Any) -> bool:
    """Publish or hide the updates and photos of a case (None: the moderation queue):
    the agents of its department and administrators."""
    if case is None:
        return _admin(user) or (_signed_in(user) and bool(user.department_ids()))
    return _admin(user) or _in_department(user, case.department_id)
