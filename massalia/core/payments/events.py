"""The domain events of online payment (see massalia.core.events)."""

from __future__ import annotations

from dataclasses import dataclass

from massalia.core.events import DomainEvent, event


@event
@dataclass(frozen=True, kw_only=True)
class PaymentSettled(DomainEvent):
    """A payment was paid (published once per payment, whatever the provider sends again).

    The domain that registered `purpose` subscribes and marks its object (`object_id`) as
    paid; a subscriber checks `purpose` first, since every purpose's payments come here.
    Refused, abandoned and expired payments publish nothing: nothing was received.
    """

    name = "core.payment_settled"
    payment_id: int
    reference: str
    purpose: str
    object_id: str
    amount_cents: int
    paid_at: str  # ISO 8601
    started_by_id: int | None
