"""Participation's personal data: a person's proposals, supports, comments, the opinions
they gave on comments and the comments they reported, their participatory budget ballots and
verifications.

Erasing an account removes its supports, its opinions on comments and its reports (the
counts go down with them) and keeps its proposals and comments without a name: they are
public contributions others supported, answered or replied to. Ballots and verifications
lose their person: a ballot stays counted (results keep their counts) and a verification's
keyed hash keeps the identity from voting twice, neither says whose it was. Moderators'
decisions keep the moderator's name as it was (the audit trail). Nothing here has a
retention period of its own yet (docs/participation.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F

from massalia.core.privacy import Counts, PersonalData
from massalia.participation.models import (
    Ballot,
    Comment,
    CommentReport,
    CommentVote,
    Proposal,
    Support,
    Verification,
)


def export(user: Any) -> dict[str, Any]:
    proposals = [
        {
            "process": p.process.title,
            "title": p.title,
            "text": p.text,
            "address": p.address,
            "created_at": p.created_at.isoformat(),
            "status": p.get_status_display(),
        }
        for p in Proposal.objects.filter(author=user).select_related("process")
    ]
    supports = [
        {"proposal": s.proposal.title, "created_at": s.created_at.isoformat()}
        for s in Support.objects.filter(user=user).select_related("proposal")
    ]
    found: dict[str, Any] = {}
    if proposals:
        found["proposals"] = proposals
    if supports:
        found["supports"] = supports
    return found | _comments(user) | _budget(user)


def _budget(user: Any) -> dict[str, Any]:
    cast = [
        {
            "process": b.process.title,
            "projects": sorted(c.project.title for c in b.choices.all()),
            "cast_at": b.cast_at.isoformat(),
            "updated_at": b.updated_at.isoformat(),
        }
        for b in Ballot.objects.filter(voter=user)
        .select_related("process")
        .prefetch_related("choices__project")
    ]
    checks = [
        {
            "process": v.process.title,
            "method": v.get_method_display(),
            "verified_by": v.verified_by_name,
            "consent": v.consent,
            "at": v.verified_at.isoformat(),
        }
        for v in Verification.objects.filter(person=user).select_related("process")
    ]
    sections = {"ballots": cast, "verifications": checks}
    return {name: rows for name, rows in sections.items() if rows}


def _about(comment: Comment) -> str:
    return comment.proposal.title if comment.proposal is not None else comment.target_process.title


def _comments(user: Any) -> dict[str, Any]:
    rows = Comment.objects.select_related("proposal__process", "process")
    written = [
        {
            "about": _about(c),
            "text": c.text,
            "created_at": c.created_at.isoformat(),
            "status": c.get_status_display(),
            "reply": c.parent_id is not None,
        }
        for c in rows.filter(author=user)
    ]
    votes = [
        {"comment": v.comment.text[:200], "agrees": v.value > 0, "at": v.voted_at.isoformat()}
        for v in CommentVote.objects.filter(user=user).select_related("comment")
    ]
    reports = [
        {
            "comment": r.comment.text[:200],
            "reason": r.get_reason_display(),
            "details": r.details,
            "at": r.reported_at.isoformat(),
        }
        for r in CommentReport.objects.filter(user=user).select_related("comment")
    ]
    sections = {"comments": written, "comment_votes": votes, "comment_reports": reports}
    return {name: rows for name, rows in sections.items() if rows}


def _erase_comment_traces(user: Any) -> Counts:
    votes = CommentVote.objects.filter(user=user)
    for comment_id, value in votes.values_list("comment_id", "value"):
        counter = "agree_count" if value > 0 else "disagree_count"
        Comment.objects.filter(pk=comment_id).update(**{counter: F(counter) - 1})
    removed_votes, _ = votes.delete()
    reports = CommentReport.objects.filter(user=user)
    for comment_id in reports.values_list("comment_id", flat=True):
        # Reports since the last restore only: a restored comment's count is already zero.
        Comment.objects.filter(pk=comment_id, reports_count__gt=0).update(
            reports_count=F("reports_count") - 1
        )
    removed_reports, _ = reports.delete()
    anonymised = Comment.objects.filter(author=user).update(author=None)
    return {
        "comment_votes": removed_votes,
        "comment_reports": removed_reports,
        "anonymised_comments": anonymised,
    }


@transaction.atomic
def erase(user: Any) -> Counts:
    supports = Support.objects.filter(user=user)
    for proposal_id in supports.values_list("proposal_id", flat=True):
        Proposal.objects.filter(pk=proposal_id).update(supports_count=F("supports_count") - 1)
    removed, _ = supports.delete()
    anonymised = Proposal.objects.filter(author=user).update(author=None)
    budget = {
        "anonymised_ballots": Ballot.objects.filter(voter=user).update(voter=None),
        "anonymised_verifications": Verification.objects.filter(person=user).update(person=None),
    }
    traces = _erase_comment_traces(user)
    return {"supports": removed, "anonymised_proposals": anonymised} | traces | budget


def purge(now: datetime, dry_run: bool) -> Counts:
    return {}


PERSONAL_DATA = PersonalData(
    name="participation",
    export=export,
    erase=erase,
    purge=purge,
    sections=(
        "proposals",
        "supports",
        "comments",
        "comment_votes",
        "comment_reports",
        "ballots",
        "verifications",
    ),
    erases=(
        "supports",
        "anonymised_proposals",
        "comment_votes",
        "comment_reports",
        "anonymised_comments",
        "anonymised_ballots",
        "anonymised_verifications",
    ),
)
