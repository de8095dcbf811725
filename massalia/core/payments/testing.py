"""Test helpers for online payment: a purpose of its own, signed notifications, named people.

Used by core's payment tests and by any domain that wants to pay through the test provider in
its tests without registering its real purpose twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from massalia.core.events import subscriber
from massalia.core.payments import providers, purposes
from massalia.core.payments.events import PaymentSettled
from massalia.core.payments.models import Payment

FEE = "tests.fee"


@dataclass
class Fees:
    """The purpose "tests.fee": object ids are fees' names, with their amounts in cents."""

    amounts: dict[str, int] = field(default_factory=lambda: {"cantine": 4250, "piscine": 300})
    settled: set[str] = field(default_factory=set)

    def due(self, object_id: str, user: Any) -> purposes.Due:
        if object_id in self.settled:
            raise purposes.NotPayable("Ces frais sont déjà payés.")
        if object_id not in self.amounts:
            raise purposes.NotPayable("Ces frais n'existent pas.")
        return purposes.Due(self.amounts[object_id], f"Frais de {object_id}")

    def back(self, object_id: str) -> str:
        return f"/frais/{object_id}/"


@contextmanager
def fees() -> Iterator[Fees]:
    """Register "tests.fee" for the duration of a test."""
    registered = Fees()
    purposes.register(purposes.Purpose(FEE, "Frais de test", registered.due, registered.back))
    try:
        yield registered
    finally:
        purposes.purposes.unregister(FEE)


def notification(
    payment: Payment,
    result: str = "paid",
    *,
    amount: int | None = None,
    transaction: str | None = None,
) -> dict[str, str]:
    """The fields of a genuine test-provider notification about `payment` (signed)."""
    return providers.signed(
        {
            "reference": payment.reference,
            "amount": str(payment.amount_cents if amount is None else amount),
            "result": result,
            "transaction": transaction if transaction is not None else f"TX-{payment.pk}",
        }
    )


# What the domain would do on PaymentSettled: here, keep the events to count them.
received: list[PaymentSettled] = []


@subscriber(PaymentSettled)
def record_settled(settled: PaymentSettled) -> None:
    received.append(settled)
