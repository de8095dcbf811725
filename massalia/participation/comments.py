"""Comments on proposals and consultations: writing one, replying, agreeing or not.

Keyword-only, atomic writes, one domain event each, as in `services`. A refusal is a
`ValidationError` (bad text, a reply to another page's comment) or a `PermissionDenied`
(not signed in, consultation closed), each with a French message the pages show with a 4xx.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from massalia.core.events import publish
from massalia.core.permissions import can
from massalia.core.text import clean_text
from massalia.participation import events
from massalia.participation.models import (
    Comment,
    CommentReport,
    CommentStatus,
    CommentVote,
    ModerationAction,
    ModerationDecision,
    Process,
    Proposal,
    ReportReason,
)
from massalia.participation.services import _text

COMMENT_MAX = 3000
Target = Proposal | Process


def _target_fields(target: Target) -> dict[str, Any]:
    if isinstance(target, Proposal):
        return {"proposal": target, "process": None}
    return {"proposal": None, "process": target}


def _same_target(comment: Comment, target: Target) -> bool:
    if isinstance(target, Proposal):
        return comment.proposal_id == target.pk
    return comment.process_id == target.pk


def _thread_root(target: Target, parent_id: int | None) -> Comment | None:
    """The top-level comment a reply goes under; a reply to a reply joins its parent's thread.

    A parent from another page (a forged id) is refused: it is not found on this one."""
    if parent_id is None:
        return None
    parent = Comment.objects.filter(pk=parent_id).first()
    if parent is None or not _same_target(parent, target):
        raise ValidationError({"parent": _("Le commentaire auquel vous répondez est introuvable.")})
    if parent.parent_id is not None:
        return parent.parent
    return parent


def _process_of(target: Target) -> Process:
    return target.process if isinstance(target, Proposal) else target


def comment(*, target: Target, author: Any, text: str, parent_id: int | None = None) -> Comment:
    """Publish `author`'s comment on a proposal or a consultation, or a reply to one."""
    if not can(author, "participation.comment", target):
        raise PermissionDenied(_("Cette consultation ne reçoit pas de commentaires en ce moment."))
    body = _text(text, field="text", limit=COMMENT_MAX, missing=_("Écrivez votre commentaire."))
    root = _thread_root(target, parent_id)
    with transaction.atomic():
        made = Comment.objects.create(
            author=author, text=body, parent=root, **_target_fields(target)
        )
        process = _process_of(target)
        publish(
            events.CommentPublished(
                comment_id=made.pk,
                process_id=process.pk,
                proposal_id=made.proposal_id,
                parent_id=made.parent_id,
                quartier_id=getattr(target, "quartier_id", None),
            )
        )
    return made


# The posted `avis`: 1 agrees, -1 disagrees (numbers: the buttons carry no words).
VOTES = {"1": CommentVote.AGREE, "-1": CommentVote.DISAGREE}
_COUNTERS = {CommentVote.AGREE: "agree_count", CommentVote.DISAGREE: "disagree_count"}


def vote(*, comment: Comment, user: Any, value: int) -> Comment:
    """Record that `user` agrees (1) or disagrees (-1) with a comment: one vote per person,
    which they may change; the same vote again changes nothing.

    The comment is locked (select_for_update) before the vote is read, so two parallel
    clicks of the same person count once; where the database cannot lock a row, the unique
    constraint refuses the second row and its transaction is undone. The counters move with
    the vote in the same transaction."""
    if value not in _COUNTERS:
        raise ValidationError({"value": _("Choisissez « d'accord » ou « pas d'accord ».")})
    if not can(user, "participation.vote_comment", comment):
        raise PermissionDenied(_("Ce commentaire ne peut pas recevoir d'avis."))
    # A parallel click of the same person may have made the row: that one vote counts.
    with suppress(IntegrityError):
        _record_vote(comment, user, value)
    comment.refresh_from_db()
    return comment


def _record_vote(comment: Comment, user: Any, value: int) -> None:
    with transaction.atomic():
        Comment.objects.select_for_update().filter(pk=comment.pk).first()
        before = CommentVote.objects.filter(comment=comment, user=user).first()
        if before is not None and before.value == value:
            return
        changes = {_COUNTERS[value]: F(_COUNTERS[value]) + 1}
        if before is None:
            CommentVote.objects.create(comment=comment, user=user, value=value)
        else:
            changes[_COUNTERS[before.value]] = F(_COUNTERS[before.value]) - 1
            CommentVote.objects.filter(pk=before.pk).update(value=value)
        Comment.objects.filter(pk=comment.pk).update(**changes)


DETAILS_MAX = 500
ALREADY_REPORTED = _("Vous avez déjà signalé ce commentaire.")


def reports_to_hide() -> int:
    """How many reports hide a comment until a moderator looks at it
    (PARTICIPATION_REPORTS_TO_HIDE, 3 unless the city sets another)."""
    return max(1, int(getattr(settings, "PARTICIPATION_REPORTS_TO_HIDE", 3)))


def report(*, comment: Comment, user: Any, reason: str, details: str = "") -> Comment:
    """Record `user`'s report of a comment, once per person; at the threshold the comment
    is hidden pending moderation.

    The unique constraint makes "once" hold under parallel requests; the move to pending is
    a conditional UPDATE, so exactly one report makes it and publishes the event."""
    if not can(user, "participation.report", comment):
        raise PermissionDenied(_("Ce commentaire ne peut pas être signalé."))
    if reason not in ReportReason.values:
        raise ValidationError({"reason": _("Choisissez un motif de la liste.")})
    note = clean_text(details).strip()
    if len(note) > DETAILS_MAX:
        raise ValidationError(
            {
                "details": _("%(limit)d caractères au plus, s'il vous plaît.")
                % {"limit": DETAILS_MAX}
            }
        )
    try:
        with transaction.atomic():
            CommentReport.objects.create(comment=comment, user=user, reason=reason, details=note)
            Comment.objects.filter(pk=comment.pk).update(reports_count=F("reports_count") + 1)
            hidden = Comment.objects.filter(
                pk=comment.pk, status=CommentStatus.VISIBLE, reports_count__gte=reports_to_hide()
            ).update(status=CommentStatus.PENDING)
            publish(
                events.CommentReported(
                    comment_id=comment.pk, reason=reason, hidden_pending_moderation=bool(hidden)
                )
            )
    except IntegrityError:
        raise ValidationError(str(ALREADY_REPORTED)) from None
    comment.refresh_from_db()
    return comment


REASON_MAX = 1000
AFTER = {
    ModerationAction.HIDE: CommentStatus.HIDDEN,
    ModerationAction.RESTORE: CommentStatus.VISIBLE,
}


def moderate(*, comment: Comment, moderator: Any, action: str, reason: str) -> ModerationDecision:
    """Hide or restore a comment, with the reason; each decision is one audit row.

    Restoring starts the report count again from zero: the people who reported it cannot
    report it twice, others can."""
    if not can(moderator, "participation.moderate", comment):
        raise PermissionDenied(_("Seul le service chargé de la consultation peut modérer."))
    if action not in AFTER:
        raise ValidationError({"action": _("Choisissez une décision de la liste.")})
    why = _text(
        reason, field="reason", limit=REASON_MAX, missing=_("Donnez le motif de la décision.")
    )
    changes: dict[str, Any] = {"status": AFTER[ModerationAction(action)]}
    if action == ModerationAction.RESTORE:
        changes["reports_count"] = 0
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(**changes)
        decision = ModerationDecision.objects.create(
            comment=comment,
            moderator=moderator,
            moderator_name=str(moderator)[:150],
            action=action,
            reason=why,
        )
        publish(
            events.CommentModerated(comment_id=comment.pk, decision_id=decision.pk, action=action)
        )
    comment.refresh_from_db()
    return decision
