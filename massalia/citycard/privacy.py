"""The city card's personal data: a holder's cards, products, movements and recent taps.

A tap names its card for CITYCARD_TAP_RETENTION_HOURS (48), then the purge (the hourly job
`citycard-reduce-taps`, and `massalia purge`) makes it an anonymous count. Erasing an account
unlinks its cards, which stay usable as anonymous cards with their money and products: the
money is the holder's, and the ledger is an accounting record (docs/citycard.md).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings

from massalia.citycard import services
from massalia.citycard.models import Card, Entry, Tap
from massalia.core.privacy import Counts, PersonalData, Retention


class HoursRetention(Retention):
    """A retention whose setting counts hours; shown in whole days like the others."""

    def days(self) -> int:
        return max(1, int(getattr(settings, self.setting)) // 24)


def export(user: Any) -> dict[str, Any]:
    cards = []
    for card in Card.objects.filter(holder=user).prefetch_related("products"):
        entries = Entry.objects.filter(account__card=card).select_related("transaction")
        cards.append(
            {
                "card": f"…{card.last_digits}",
                "status": card.get_status_display(),
                "products": [
                    {
                        "label": p.label,
                        "kind": p.get_kind_display(),
                        "valid_until": p.valid_until.isoformat() if p.valid_until else None,
                        "entries_left": p.entries_left,
                    }
                    for p in card.products.all()
                ],
                "movements": [
                    {
                        "at": e.transaction.at.isoformat(),
                        "label": e.transaction.label,
                        "amount_cents": e.amount_cents,
                    }
                    for e in entries.order_by("transaction__at")
                ],
                "taps": [
                    {"at": t.at.isoformat(), "device": t.device.code, "reason": t.reason}
                    for t in Tap.objects.filter(card_hash=card.number_hash).select_related("device")
                ],
            }
        )
    return {"city_cards": cards} if cards else {}


def erase(user: Any) -> Counts:
    unlinked = Card.objects.filter(holder=user).update(holder=None, anonymous=True)
    return {"city_cards_unlinked": unlinked}


def purge(now: datetime, dry_run: bool) -> Counts:
    return {"citycard_taps": services.reduce_taps(now=now, dry_run=dry_run)}


PART = PersonalData(
    name="citycard",
    export=export,
    erase=erase,
    purge=purge,
    retention={
        "citycard_taps": HoursRetention(
            "validations nominatives de la carte de la ville", "CITYCARD_TAP_RETENTION_HOURS"
        )
    },
    sections=("city_cards",),
    erases=("city_cards_unlinked",),
)
