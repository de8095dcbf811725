"""What the city card does when other parts of the platform speak."""

from __future__ import annotations

from datetime import datetime

from massalia.citycard import services
from massalia.core.events import subscriber
from massalia.core.payments.events import PaymentSettled


@subscriber(PaymentSettled)
def topup_paid(settled: PaymentSettled) -> None:
    """A top-up paid online is credited to its card's purse (once: `credit_topup` is
    idempotent on the payment's reference)."""
    if settled.purpose != services.TOPUP_PURPOSE:
        return
    services.credit_topup(
        topup_id=int(settled.object_id),
        amount_cents=settled.amount_cents,
        reference=settled.reference,
        at=datetime.fromisoformat(settled.paid_at),
    )
