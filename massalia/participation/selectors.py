"""Reads shared by the pages, the inbox section and the agents' list."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Prefetch, Q, QuerySet, When
from django.http import Http404

from massalia.participation.models import (
    Answer,
    Comment,
    CommentStatus,
    CommentVote,
    ModerationDecision,
    Process,
    Proposal,
    ProposalStatus,
)


def processes() -> QuerySet[Process]:
    """The published consultations, with their phases (the list shows each one's phase)."""
    rows = Process.objects.published().select_related("arrondissement", "quartier")
    return rows.prefetch_related("phases")


def process(slug: str) -> Process:
    found = processes().select_related("department").filter(slug=slug).first()
    if found is None:
        raise Http404("Consultation introuvable")
    return found


def proposals(process: Process) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(process=process)
        .select_related("author", "quartier")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.order_by("-answered_at")))
    )


def proposal(process: Process, pk: int) -> Proposal:
    """A proposal of this process: an id from another process is not found here."""
    found = (
        Proposal.objects.select_related("author", "quartier", "process")
        .filter(process=process, pk=pk)
        .first()
    )
    if found is None:
        raise Http404("Proposition introuvable")
    found.process = process  # its phases are prefetched already
    return found


def examined_by(user: Any) -> QuerySet[Proposal]:
    """Proposals of the consultations the person's departments examine (all, for an admin)."""
    rows = Proposal.objects.select_related("process", "quartier", "author")
    if not user.is_superuser:
        rows = rows.filter(process__department_id__in=user.department_ids())
    return rows.filter(process__is_published=True)


def to_answer(user: Any) -> QuerySet[Proposal]:
    """Sent to review by their supports and not answered yet."""
    return examined_by(user).filter(status=ProposalStatus.IN_REVIEW)


def comments() -> QuerySet[Comment]:
    return Comment.objects.select_related("author")


def thread(target: Proposal | Process) -> list[Comment]:
    """The top-level comments of a proposal or a consultation, oldest first, each with its
    replies (prefetched: the page draws them without one query per comment)."""
    rows = comments().filter(parent__isnull=True)
    if isinstance(target, Proposal):
        rows = rows.filter(proposal=target)
    else:
        rows = rows.filter(process=target)
    replies = Prefetch("replies", queryset=comments().order_by("created_at", "pk"))
    return list(rows.prefetch_related(replies).order_by("created_at", "pk"))


def votes_of(user: Any, shown: list[Comment]) -> dict[int, int]:
    """The person's vote on each shown comment and reply (comment id → 1 or -1)."""
    if not user.is_authenticated:
        return {}
    ids = [c.pk for c in shown] + [r.pk for c in shown for r in c.replies.all()]
    rows = CommentVote.objects.filter(user=user, comment_id__in=ids)
    return dict(rows.values_list("comment_id", "value"))


def _moderated_by(user: Any) -> Q:
    if user.is_superuser:
        return Q()
    departments = user.department_ids()
    return Q(proposal__process__department_id__in=departments) | Q(
        process__department_id__in=departments
    )


def moderated_by(user: Any) -> QuerySet[Comment]:
    """Comments of the consultations the person's departments examine (all, for an admin)."""
    rows = comments().select_related("proposal__process", "process")
    return rows.filter(_moderated_by(user))


def moderation_queue(user: Any) -> QuerySet[Comment]:
    """Reported or hidden comments: the ones waiting (hidden by reports) first, then the
    most reported, then the oldest."""
    waiting = Q(status=CommentStatus.PENDING) | Q(status=CommentStatus.HIDDEN)
    rows = moderated_by(user).filter(waiting | Q(reports_count__gt=0))
    first = Case(When(status=CommentStatus.PENDING, then=0), default=1)
    return rows.annotate(first=first).order_by("first", "-reports_count", "created_at", "pk")


def decisions_of(user: Any) -> QuerySet[ModerationDecision]:
    """The audit trail of the comments the person moderates, latest first."""
    rows = ModerationDecision.objects.select_related("comment", "moderator")
    if user.is_superuser:
        return rows
    departments = user.department_ids()
    return rows.filter(
        Q(comment__proposal__process__department_id__in=departments)
        | Q(comment__process__department_id__in=departments)
    )
