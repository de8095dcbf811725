"""Participation's personal data: a person's proposals and supports.

Erasing an account removes its supports (the counts go down with them) and keeps its
proposals without a name: they are public contributions others supported and the city
answered. Nothing here has a retention period of its own yet (docs/participation.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F

from massalia.core.privacy import Counts, PersonalData
from massalia.participation.models import Proposal, Support


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
    return found


@transaction.atomic
def erase(user: Any) -> Counts:
    supports = Support.objects.filter(user=user)
    for proposal_id in supports.values_list("proposal_id", flat=True):
        Proposal.objects.filter(pk=proposal_id).update(supports_count=F("supports_count") - 1)
    removed, _ = supports.delete()
    anonymised = Proposal.objects.filter(author=user).update(author=None)
    return {"supports": removed, "anonymised_proposals": anonymised}


def purge(now: datetime, dry_run: bool) -> Counts:
    return {}


PERSONAL_DATA = PersonalData(
    name="participation",
    export=export,
    erase=erase,
    purge=purge,
    sections=("proposals", "supports"),
    erases=("supports", "anonymised_proposals"),
)
