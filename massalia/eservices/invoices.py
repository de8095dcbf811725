"""Writes of crèche billing: issuing a month's invoice, correcting it with a credit note,
recording reminders. Keyword-only and transactional; the figures come from `billing` and
`psu`, which never touch the database.

Numbers follow one unbroken sequence per kind and year ("F2026-000001" for invoices,
"A2026-000001" for credit notes), taken by a conditional UPDATE of the counter's row in the
transaction that writes the document, so a rolled-back write leaves no hole.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from massalia.accounts.models import User
from massalia.eservices import billing, psu
from massalia.eservices.models import (
    Child,
    CreditNote,
    Household,
    Invoice,
    InvoiceCounter,
    InvoiceLine,
    PsuScale,
)

PAYMENT_DAYS = 30
INVOICE, CREDIT = "F", "A"
NO_SCALE = "Aucun barème PSU n'est en vigueur pour ce mois : saisissez-le dans l'administration."


def next_number(kind: str, year: int) -> str:
    """The next number of `kind` in `year`; call inside the transaction writing the document."""
    InvoiceCounter.objects.get_or_create(kind=kind, year=year)
    InvoiceCounter.objects.filter(kind=kind, year=year).update(last=F("last") + 1)
    last = InvoiceCounter.objects.get(kind=kind, year=year).last
    return f"{kind}{year}-{last:06d}"


def scale_for(month: datetime.date) -> PsuScale:
    """The barème period in force on the first day of `month`."""
    scale = PsuScale.objects.in_force(month.replace(day=1))
    if scale is None:
        raise billing.BillingError(NO_SCALE)
    return scale


@transaction.atomic
def issue_invoice(
    *,
    household: Household,
    child: Child,
    contract: billing.Contract,
    month: datetime.date,
    monthly_resources_cents: int,
    dependent_children: int,
    disabled_children: int = 0,
    absences: Sequence[billing.Absence] = (),
    extra_hours: Decimal = Decimal(0),
    waiting_days: int = billing.WAITING_DAYS,
    issued_on: datetime.date | None = None,
    replaces: Invoice | None = None,
) -> Invoice:
    """Compute and store the invoice of `month`, numbered, due in PAYMENT_DAYS days."""
    if child.household_id != household.pk:
        raise billing.BillingError("Cet enfant n'appartient pas à ce foyer.")
    scale = scale_for(month)
    rate = psu.hourly_rate(
        scale.to_scale(), monthly_resources_cents, dependent_children, disabled_children
    )
    draft = billing.monthly_invoice(
        contract,
        rate,
        month,
        absences=absences,
        extra_hours=extra_hours,
        waiting_days=waiting_days,
    )
    issued_on = issued_on or timezone.localdate()
    invoice = Invoice.objects.create(
        number=next_number(INVOICE, issued_on.year),
        year=issued_on.year,
        household=household,
        child=child,
        child_name=f"{child.first_name} {child.last_name}",
        month=draft.month,
        contract_starts_on=contract.starts_on,
        contract_ends_on=contract.ends_on,
        hours_per_week=contract.hours_per_week,
        weekdays=list(contract.weekdays),
        weeks=contract.weeks,
        closure_weeks=contract.closure_weeks,
        holiday_weeks=contract.holiday_weeks,
        monthly_resources_cents=monthly_resources_cents,
        dependent_children=dependent_children,
        disabled_children=disabled_children,
        scale=scale,
        hourly_rate_cents=int(rate),
        total_cents=draft.total_cents,
        issued_on=issued_on,
        due_on=issued_on + datetime.timedelta(days=PAYMENT_DAYS),
        replaces=replaces,
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=invoice,
            position=position,
            kind=line.kind.value,
            label=line.label,
            hours=line.hours,
            rate_cents=int(line.rate_cents),
            amount_cents=line.amount_cents,
        )
        for position, line in enumerate(draft.lines, start=1)
    )
    return invoice


def lines_of(invoice: Invoice) -> list[billing.Line]:
    """A stored invoice's lines as `billing.Line`s (what a credit note cancels)."""
    return [
        billing.Line(
            billing.LineKind(line.kind),
            line.label,
            line.hours,
            Decimal(line.rate_cents),
            line.amount_cents,
        )
        for line in invoice.lines.all()
    ]


@transaction.atomic
def correct_invoice(
    *,
    invoice: Invoice,
    reason: str,
    by: User | None = None,
    absences: Sequence[billing.Absence] = (),
    extra_hours: Decimal = Decimal(0),
    monthly_resources_cents: int | None = None,
    dependent_children: int | None = None,
    disabled_children: int | None = None,
    waiting_days: int = billing.WAITING_DAYS,
    issued_on: datetime.date | None = None,
) -> tuple[CreditNote, Invoice]:
    """Cancel `invoice` with a credit note and issue its corrected replacement, with the
    absences, extra hours and (when given) resources and children as they should have been.
    A paid invoice's credit is set against the replacement; what is left is to refund."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status == Invoice.Status.CANCELLED:
        raise billing.BillingError("Cette facture est déjà annulée par un avoir.")
    if invoice.household is None or invoice.child is None:
        raise billing.BillingError("Le foyer de cette facture n'existe plus.")
    reason = reason.strip()
    if not reason:
        raise billing.BillingError("Le motif de la correction est obligatoire.")
    issued_on = issued_on or timezone.localdate()
    was_paid = invoice.status == Invoice.Status.PAID
    invoice.status = Invoice.Status.CANCELLED
    invoice.save(update_fields=["status"])
    replacement = issue_invoice(
        household=invoice.household,
        child=invoice.child,
        contract=invoice.contract(),
        month=invoice.month,
        monthly_resources_cents=_given(monthly_resources_cents, invoice.monthly_resources_cents),
        dependent_children=_given(dependent_children, invoice.dependent_children),
        disabled_children=_given(disabled_children, invoice.disabled_children),
        absences=absences,
        extra_hours=extra_hours,
        waiting_days=waiting_days,
        issued_on=issued_on,
        replaces=invoice,
    )
    credited = invoice.total_cents
    refund = 0
    if was_paid:
        applied = min(credited, replacement.total_cents)
        refund = credited - applied
        replacement.credit_applied_cents = applied
        if applied == replacement.total_cents:
            replacement.status, replacement.paid_on = Invoice.Status.PAID, issued_on
        replacement.save(update_fields=["credit_applied_cents", "status", "paid_on"])
    note = CreditNote.objects.create(
        number=next_number(CREDIT, issued_on.year),
        year=issued_on.year,
        invoice=invoice,
        amount_cents=credited,
        refund_cents=refund,
        reason=reason[:300],
        issued_on=issued_on,
        issued_by=by,
    )
    return note, replacement


def credit_note_lines(note: CreditNote) -> tuple[billing.Line, ...]:
    """What a credit note shows: the cancelled invoice's lines with the opposite sign."""
    return billing.credit_lines(lines_of(note.invoice))


def _given(value: int | None, default: int) -> int:
    return default if value is None else value


def mark_paid(*, invoice: Invoice, on: datetime.date | None = None) -> bool:
    """Record a payment once: only an unpaid invoice becomes paid (a conditional UPDATE, so a
    repeated confirmation changes nothing). True when this call paid it."""
    on = on or timezone.localdate()
    changed = (
        Invoice.objects.unpaid()
        .filter(pk=invoice.pk)
        .update(status=Invoice.Status.PAID, paid_on=on)
    )
    return changed == 1


def mark_overdue(*, today: datetime.date | None = None) -> int:
    """Issued invoices past their due date become overdue; returns how many."""
    today = today or timezone.localdate()
    past = Invoice.objects.past_due(today).filter(status=Invoice.Status.ISSUED)
    return past.update(status=Invoice.Status.OVERDUE)


def record_reminder(*, invoice: Invoice, on: datetime.date | None = None) -> None:
    """Count a reminder sent for an unpaid invoice (the message itself is sent elsewhere)."""
    on = on or timezone.localdate()
    Invoice.objects.unpaid().filter(pk=invoice.pk).update(
        reminders_sent=F("reminders_sent") + 1, last_reminder_on=on
    )
