"""The treasury's export of paid payments (through core.exports)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from massalia.core.exports import Column, Dataset
from massalia.core.payments.models import Payment


def _euros(payment: Payment) -> Decimal:
    return Decimal(payment.amount_cents) / 100


def _paid_at(payment: Payment) -> str:
    return (
        timezone.localtime(payment.paid_at).isoformat(timespec="seconds") if payment.paid_at else ""
    )


PAID_PAYMENTS = Dataset(
    name="paiements-en-ligne",
    columns=[
        Column("reference", "Référence"),
        Column("paid_at", "Payé le", _paid_at),
        Column("amount", "Montant (€)", _euros, decimals=2),
        Column("currency", "Devise"),
        Column("label", "Objet"),
        Column("purpose", "Nature"),
        Column("object_id", "Identifiant de l'objet payé"),
        Column("provider", "Prestataire"),
        Column("transaction_id", "Transaction du prestataire"),
    ],
)
