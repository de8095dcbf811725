"""What e-services do when other parts of the platform report something."""

from __future__ import annotations

from massalia.core.events import subscriber
from massalia.core.payments.events import PaymentSettled
from massalia.eservices import contracts


@subscriber(PaymentSettled)
def invoice_paid(settled: PaymentSettled) -> None:
    """A crèche invoice paid online becomes paid (once: `contracts.settle` is idempotent)."""
    if settled.purpose != contracts.PURPOSE:
        return
    contracts.settle(
        object_id=settled.object_id,
        amount_cents=settled.amount_cents,
        paid_at=settled.paid_at,
        reference=settled.reference,
    )
