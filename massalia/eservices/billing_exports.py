"""The treasury's export of a month's crèche invoices (through core.exports): each invoice
with its debtor reference, amounts and state, so the treasury can take the titles and match
the payments it receives (those paid online are in `payments:export`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from massalia.core.exports import Column, Dataset
from massalia.eservices.models import Invoice


def _euros(cents: int) -> Decimal:
    return Decimal(cents) / 100


def _creche(invoice: Invoice) -> str:
    contract = invoice.creche_contract
    return contract.creche.code if contract is not None else ""


def _credit(invoice: Invoice) -> str:
    note: Any = getattr(invoice, "credit_note", None)
    return note.number if note is not None else ""


MONTH_INVOICES = Dataset(
    name="factures-creches",
    columns=[
        Column("number", "Numéro"),
        Column("month", "Mois facturé", lambda i: f"{i.month:%Y-%m}"),
        Column("creche", "Crèche", _creche),
        Column("household", "Foyer", lambda i: i.household_id or ""),
        Column("child_name", "Enfant"),
        Column("issued_on", "Émise le", lambda i: i.issued_on.isoformat()),
        Column("due_on", "À payer avant le", lambda i: i.due_on.isoformat()),
        Column("hourly_rate", "Tarif horaire (€)", lambda i: _euros(i.hourly_rate_cents), 2),
        Column("total", "Montant (€)", lambda i: _euros(i.total_cents), 2),
        Column("amount_due", "Reste à payer (€)", lambda i: _euros(i.amount_due_cents), 2),
        Column("status", "État", lambda i: i.get_status_display()),
        Column("paid_on", "Payée le", lambda i: i.paid_on.isoformat() if i.paid_on else ""),
        Column("reminders", "Relances", lambda i: i.reminders_sent),
        Column("credit_note", "Avoir", _credit),
    ],
)
