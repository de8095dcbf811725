"""Crèche contracts and the month's invoices drawn from them, and their online payment.

A contract opens when a family accepts the place offered, with the application's figures (the
start date, the weekly hours); an agent adjusts them with the family (end date, weekdays,
weeks, closure weeks, holidays) and records the absences the rules deduct. `invoice_month`
then bills each contract covering the month once, at the rate of the household's declared
resources and children: a second run issues nothing new (a partial unique index on the
contract and month backs the check, so two runs at once cannot bill twice either).

Payment goes through `core.payments` (purpose `eservices.invoice`): the amount due comes
from the invoice, and `PaymentSettled` marks it paid once, only when the amount paid is the
amount due.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone

from massalia.accounts import mandates
from massalia.accounts.models import User
from massalia.core.notifications import notify
from massalia.core.payments import purposes
from massalia.eservices import billing, invoices
from massalia.eservices.models import (
    Creche,
    CrecheAbsence,
    CrecheContract,
    CrecheExtraHours,
    Household,
    Invoice,
    Offer,
)

log = logging.getLogger("massalia.eservices.billing")

PURPOSE = "eservices.invoice"
DEFAULT_CLOSURE_WEEKS = Decimal(3)  # Christmas and spring holidays, August outside the year
LAST_MONTH_OF_YEAR = 7  # a crèche year ends in July: the crèche closes in August
WEEKDAYS = [0, 1, 2, 3, 4]


def end_of_crèche_year(start: datetime.date) -> datetime.date:
    """The last day of July closing the crèche year `start` falls in."""
    year = start.year + 1 if start.month > LAST_MONTH_OF_YEAR else start.year
    return datetime.date(year, LAST_MONTH_OF_YEAR, 31)


def _weeks(start: datetime.date, end: datetime.date) -> Decimal:
    return Decimal((end - start).days + 1) // 7


def open_contract(*, offer: Offer) -> CrecheContract:
    """The contract of an accepted place, with its application's figures (once per offer)."""
    existing = CrecheContract.objects.filter(offer=offer).first()
    if existing is not None:
        return existing
    application = offer.application
    assert offer.creche is not None
    starts_on = application.start_on
    ends_on = end_of_crèche_year(starts_on)
    weeks = max(_weeks(starts_on, ends_on), Decimal(1))
    closure = DEFAULT_CLOSURE_WEEKS if weeks > 2 * DEFAULT_CLOSURE_WEEKS else Decimal(0)
    return CrecheContract.objects.create(
        offer=offer,
        household=application.household,
        child=application.child,
        creche=offer.creche,
        starts_on=starts_on,
        ends_on=ends_on,
        hours_per_week=Decimal(application.hours_per_week),
        weekdays=WEEKDAYS,
        weeks=weeks,
        closure_weeks=closure,
    )


CONTRACT_FIGURES = (
    "starts_on",
    "ends_on",
    "hours_per_week",
    "weekdays",
    "weeks",
    "closure_weeks",
    "holiday_weeks",
)


@transaction.atomic
def adjust_contract(*, contract: CrecheContract, by: User, **figures: Any) -> CrecheContract:
    """Change a contract's figures (the months already billed keep theirs: a correction with a
    credit note bills them again). Refused, with the reason, when the contract cannot be
    billed as changed."""
    unknown = set(figures) - set(CONTRACT_FIGURES)
    if unknown:
        raise ValueError(f"unknown contract figures: {sorted(unknown)}")
    contract = CrecheContract.objects.select_for_update().get(pk=contract.pk)
    for name, value in figures.items():
        setattr(contract, name, value)
    try:
        contract.figures()
    except billing.BillingError as error:
        raise ValidationError(str(error)) from error
    contract.changed_at, contract.changed_by = timezone.now(), by
    contract.save()
    return contract


def record_absence(
    *,
    contract: CrecheContract,
    by: User,
    kind: str,
    first_day: datetime.date,
    last_day: datetime.date,
    proof: bool,
) -> CrecheAbsence:
    """An absence of the child the rules may deduct from the months it falls in."""
    try:
        billing.Absence(billing.AbsenceKind(kind), first_day, last_day, proof)
    except (billing.BillingError, ValueError) as error:
        raise ValidationError(str(error)) from error
    if last_day < contract.starts_on or first_day > contract.ends_on:
        raise ValidationError("Cette absence est en dehors du contrat.")
    return CrecheAbsence.objects.create(
        contract=contract,
        kind=kind,
        first_day=first_day,
        last_day=last_day,
        proof=proof,
        recorded_by=by,
    )


MAX_EXTRA_HOURS = Decimal(12)


def record_extra_hours(
    *, contract: CrecheContract, by: User, day: datetime.date, hours: Decimal
) -> CrecheExtraHours:
    """Hours beyond the contract on one day the child attends, billed with its month."""
    if not contract.figures().attends(day):
        raise ValidationError("Ce jour n'est pas un jour d'accueil du contrat.")
    if not Decimal(0) < hours <= MAX_EXTRA_HOURS:
        raise ValidationError("Les heures au-delà du contrat sont positives, 12 au plus par jour.")
    return CrecheExtraHours.objects.create(contract=contract, day=day, hours=hours, recorded_by=by)


def extra_hours_in(contract: CrecheContract, month: datetime.date) -> Decimal:
    rows = contract.extra_hours.filter(day__gte=first_of(month), day__lte=last_of(month))
    return rows.aggregate(total=Sum("hours"))["total"] or Decimal(0)


# The month's invoices ------------------------------------------------------------------------


@dataclass
class MonthRun:
    """What a run of `invoice_month` did: the invoices issued, the contracts already billed,
    and those it could not bill with the reason (for the agent)."""

    month: datetime.date
    issued: list[Invoice] = field(default_factory=list)
    already: int = 0
    refused: list[tuple[CrecheContract, str]] = field(default_factory=list)


def first_of(month: datetime.date) -> datetime.date:
    return month.replace(day=1)


def last_of(month: datetime.date) -> datetime.date:
    following = (first_of(month) + datetime.timedelta(days=32)).replace(day=1)
    return following - datetime.timedelta(days=1)


def covering(month: datetime.date) -> QuerySet[CrecheContract]:
    """The contracts a month is billed for: those running some day of it."""
    return CrecheContract.objects.filter(
        starts_on__lte=last_of(month), ends_on__gte=first_of(month)
    )


def live_invoice(contract: CrecheContract, month: datetime.date) -> Invoice | None:
    return (
        contract.invoices.exclude(status=Invoice.Status.CANCELLED)
        .filter(month=first_of(month))
        .first()
    )


def resources_of(household: Household, ceiling_cents: int) -> int:
    """The monthly resources the rate is read for, in cents: the household's declared ones;
    without a declaration, the barème's ceiling (the CNAF's rule for missing resources)."""
    if household.monthly_resources is None:
        return ceiling_cents
    return int(household.monthly_resources * 100)


def invoice_month(
    *,
    month: datetime.date,
    issued_on: datetime.date | None = None,
    creches: Sequence[Creche] | None = None,
) -> MonthRun:
    """Issue the invoice of `month` for every contract covering it and not billed yet."""
    run = MonthRun(month=first_of(month))
    contracts = covering(month).select_related("household", "child", "creche")
    if creches is not None:
        contracts = contracts.filter(creche__in=creches)
    for contract in contracts.order_by("pk"):
        if live_invoice(contract, month) is not None:
            run.already += 1
            continue
        try:
            invoice = issue_for(contract=contract, month=month, issued_on=issued_on)
        except billing.BillingError as error:
            run.refused.append((contract, str(error)))
        except IntegrityError:  # billed meanwhile by another run
            run.already += 1
        else:
            run.issued.append(invoice)
    return run


@transaction.atomic
def issue_for(
    *, contract: CrecheContract, month: datetime.date, issued_on: datetime.date | None = None
) -> Invoice:
    """The invoice of `month` for `contract`, with its absences, at today's resources and
    children (each one with the AEEH counts once more, `psu.counted_children`)."""
    household = contract.household
    scale = invoices.scale_for(first_of(month))
    invoice = invoices.issue_invoice(
        household=household,
        child=contract.child,
        contract=contract.figures(),
        month=first_of(month),
        monthly_resources_cents=resources_of(household, scale.ceiling_cents),
        dependent_children=max(household.children.count(), 1),
        disabled_children=household.children.filter(aeeh=True).count(),
        absences=absences_in(contract, month),
        extra_hours=extra_hours_in(contract, month),
        issued_on=issued_on,
    )
    invoice.creche_contract = contract
    invoice.save(update_fields=["creche_contract"])
    _tell(invoice, ISSUED)
    return invoice


def absences_in(contract: CrecheContract, month: datetime.date) -> list[billing.Absence]:
    """The contract's absences touching `month`, and those ending just before it (the
    waiting days of an illness run from its first day, even in the month before)."""
    start = first_of(month) - datetime.timedelta(days=billing.WAITING_DAYS + 31)
    rows = contract.absences.filter(last_day__gte=start, first_day__lte=last_of(month))
    return [row.figures() for row in rows]


@transaction.atomic
def credit_and_reissue(*, invoice: Invoice, reason: str, by: User) -> Invoice:
    """Cancel an invoice with a credit note and issue it again with what is known now: the
    contract's absences and the household's resources and children. Returns the new one."""
    contract = invoice.creche_contract
    if contract is None or invoice.household is None:
        raise billing.BillingError("Cette facture n'est liée à aucun contrat.")
    scale = invoices.scale_for(invoice.month)
    _, replacement = invoices.correct_invoice(
        invoice=invoice,
        reason=reason,
        by=by,
        absences=absences_in(contract, invoice.month),
        extra_hours=extra_hours_in(contract, invoice.month),
        monthly_resources_cents=resources_of(invoice.household, scale.ceiling_cents),
        dependent_children=max(invoice.household.children.count(), 1),
        disabled_children=invoice.household.children.filter(aeeh=True).count(),
    )
    replacement.creche_contract = contract
    replacement.save(update_fields=["creche_contract"])
    _tell(replacement, ISSUED)
    return replacement


ISSUED = "eservices/invoice_issued"
REMINDER = "eservices/invoice_reminder"
REMINDER_DAYS = 7  # a family is reminded of an invoice at most once a week


def remind_overdue(
    *, today: datetime.date | None = None, creches: Sequence[Creche] | None = None
) -> int:
    """Invoices past their due date become overdue, and their household's adults are sent a
    reminder (at most one a week per invoice), for `creches` only when given. Returns how many
    invoices were reminded."""
    today = today or timezone.localdate()
    invoices.mark_overdue(today=today)
    recent = today - datetime.timedelta(days=REMINDER_DAYS)
    due = Invoice.objects.filter(status=Invoice.Status.OVERDUE, household__isnull=False).exclude(
        last_reminder_on__gt=recent
    )
    if creches is not None:
        due = due.filter(creche_contract__creche__in=creches)
    sent = 0
    for invoice in due.select_related("household"):
        invoices.record_reminder(invoice=invoice, on=today)
        _tell(invoice, REMINDER)
        sent += 1
    return sent


def _tell(invoice: Invoice, template: str) -> None:
    """Each adult of the household is emailed the invoice (issued, or overdue) with its link."""
    assert invoice.household is not None
    link = reverse("eservices:invoice", args=[invoice.pk])
    context = {
        "number": invoice.number,
        "child": invoice.child_name,
        "replaces": invoice.replaces.number if invoice.replaces else "",
        "month": f"{invoice.month:%m/%Y}",
        "amount": f"{invoice.amount_due_cents / 100:.2f}".replace(".", ","),
        "due_on": f"{invoice.due_on:%d/%m/%Y}",
        "url": settings.SITE_URL.rstrip("/") + link,
    }
    for address in people_of(invoice.household).values_list("email", flat=True):
        transaction.on_commit(partial(notify, to=address, template=template, context=context))


# Who sees an invoice, and its online payment --------------------------------------------


def people_of(household: Household) -> QuerySet[User]:
    return User.objects.filter(household_memberships__household=household).exclude(email="")


def invoices_of(person: Any) -> QuerySet[Invoice]:
    """The invoices of the household `person` belongs to (none for anyone else)."""
    if not getattr(person, "is_authenticated", False):
        return Invoice.objects.none()
    return Invoice.objects.filter(household__adults__user=person)


def _payable_by(user: Any) -> Q:
    people = [user, *(m.person for m in mandates.in_force(user))]
    return Q(household__adults__user__in=people)


def invoice_due(object_id: str, user: Any) -> purposes.Due:
    """What paying invoice `object_id` costs `user`: its adults', or a mediator's for them."""
    found = None
    if object_id.isdigit() and getattr(user, "is_authenticated", False):
        found = Invoice.objects.filter(_payable_by(user), pk=int(object_id)).distinct().first()
    if found is None:
        raise purposes.NotPayable("Cette facture n'existe pas.")
    if found.status == Invoice.Status.PAID:
        raise purposes.NotPayable("Cette facture est déjà payée.")
    if found.status == Invoice.Status.CANCELLED:
        raise purposes.NotPayable("Cette facture est annulée par un avoir : rien à payer.")
    month = f"{found.month:%m/%Y}"
    return purposes.Due(found.amount_due_cents, f"Crèche — facture {found.number} ({month})")


def settle(*, object_id: str, amount_cents: int, paid_at: str, reference: str) -> bool:
    """Mark the invoice paid by payment `reference`, once: a repeated or late settlement, or
    one for another amount than what is due, pays nothing (the latter is logged for the
    treasury to reconcile). True when this call paid it."""
    invoice = Invoice.objects.filter(pk=int(object_id)).first() if object_id.isdigit() else None
    if invoice is None:
        log.error("payment %s settles an unknown invoice %r", reference, object_id)
        return False
    if invoice.amount_due_cents != amount_cents:
        if invoice.status != Invoice.Status.PAID:
            log.error(
                "payment %s of %s cents for invoice %s due %s cents: to reconcile",
                reference,
                amount_cents,
                invoice.number,
                invoice.amount_due_cents,
            )
        return False
    day = datetime.datetime.fromisoformat(paid_at)
    on = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return invoices.mark_paid(invoice=invoice, on=on)
