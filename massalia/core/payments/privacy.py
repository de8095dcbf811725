"""The personal data of online payment (RGPD): who paid what.

A payment is an accounting record: the treasury keeps it (reference, amount, what it paid)
after the account is gone, without the link to the person (`started_by` emptied). It has no
retention period of its own here; the public accounts' rules of conservation apply. To be
registered as the part "payments" by the core app's ready(), like the notifications' part.
"""

from __future__ import annotations

from typing import Any

from massalia.core.payments.models import Payment
from massalia.core.privacy import Counts, PersonalData


def export(user: Any) -> dict[str, Any]:
    return {
        "payments": [
            {
                "reference": p.reference,
                "label": p.label,
                "amount_cents": p.amount_cents,
                "currency": p.currency,
                "status": p.status,
                "created_at": p.created_at.isoformat(),
                "paid_at": p.paid_at.isoformat() if p.paid_at else None,
            }
            for p in Payment.objects.filter(started_by_id=user.pk).order_by("created_at", "id")
        ]
    }


def erase(user: Any) -> Counts:
    unlinked = Payment.objects.filter(started_by_id=user.pk).update(started_by=None)
    return {"unlinked_payments": unlinked}


def purge(now: Any, dry_run: bool) -> Counts:
    return {}


PERSONAL_DATA = PersonalData(
    name="payments",
    export=export,
    erase=erase,
    purge=purge,
    sections=("payments",),
    erases=("unlinked_payments",),
)
