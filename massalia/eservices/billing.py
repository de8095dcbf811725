"""A crèche contract's monthly invoice under the PSU rules, computed without the database.

Regular care is billed by "mensualisation": the family reserves hours per week for the weeks
its child attends (the contract's weeks less the crèche's closure weeks and the family's
announced holidays), and pays the same hours every month,
`attendance weeks × hours per week ÷ months of the contract`, at its hourly rate
(`psu.hourly_rate`). Each month then deducts the absences the CNAF allows to deduct and adds
the hours beyond the contract at the same rate:

- from the first day: the child's hospitalisation (with the hospital's paper), a closure of
  the crèche (one not already counted in the contract's closure weeks), an eviction by the
  crèche's doctor;
- illness with a medical certificate, after the waiting period ("délai de carence"): the
  first day of absence and the calendar days after it, three days in all by default, are
  billed; the days after are deducted. The period runs from the first day of absence, even in
  the previous month.

Every figure is on a line (label, hours, rate, amount) so a family can redo the sum. Rounding:
hours to the hundredth, amounts to the cent, both half up; the rate is already whole cents.
A corrected invoice is never edited: `correction` cancels it with a credit note carrying its
lines with the opposite sign and issues the corrected one in its place.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

HUNDREDTH = Decimal("0.01")
CENT = Decimal("1")
WAITING_DAYS = 3
WEEKDAYS = (0, 1, 2, 3, 4)


class BillingError(ValueError):
    """A contract or a month that cannot be billed; the message is French, for agents."""


class AbsenceKind(enum.StrEnum):
    HOSPITALISATION = "hospitalisation"
    CLOSURE = "fermeture"
    EVICTION = "eviction"
    ILLNESS = "maladie"

    @property
    def label(self) -> str:
        return ABSENCE_LABELS[self]


ABSENCE_LABELS = {
    AbsenceKind.HOSPITALISATION: "Hospitalisation de l'enfant",
    AbsenceKind.CLOSURE: "Fermeture de la crèche",
    AbsenceKind.EVICTION: "Éviction par le médecin de la crèche",
    AbsenceKind.ILLNESS: "Maladie avec certificat médical",
}
# The papers a deduction needs: the hospital's bulletin, the doctor's certificate. A closure
# and an eviction are the crèche's own facts.
NEEDS_PROOF = {AbsenceKind.HOSPITALISATION, AbsenceKind.ILLNESS}


class LineKind(enum.StrEnum):
    CONTRACT = "contrat"
    ABSENCE = "absence"
    EXTRA = "supplement"


@dataclass(frozen=True)
class Contract:
    """Regular care: `hours_per_week` spread evenly over `weekdays` (0 is Monday), for the
    contract's `weeks` less the crèche's `closure_weeks` and the family's `holiday_weeks`,
    from `starts_on` to `ends_on` (whole months are billed)."""

    starts_on: datetime.date
    ends_on: datetime.date
    hours_per_week: Decimal
    weeks: Decimal
    closure_weeks: Decimal = Decimal(0)
    holiday_weeks: Decimal = Decimal(0)
    weekdays: tuple[int, ...] = WEEKDAYS

    def __post_init__(self) -> None:
        if self.ends_on < self.starts_on:
            raise BillingError("Le contrat se termine avant de commencer.")
        if not Decimal(0) < self.hours_per_week <= Decimal(60):
            raise BillingError("Les heures par semaine doivent être comprises entre 0 et 60.")
        if not self.weekdays or any(day not in range(7) for day in self.weekdays):
            raise BillingError("Le contrat doit nommer ses jours d'accueil.")
        if min(self.weeks, self.closure_weeks, self.holiday_weeks) < 0:
            raise BillingError("Un nombre de semaines ne peut pas être négatif.")
        if self.attendance_weeks <= 0:
            raise BillingError("Le contrat ne laisse aucune semaine d'accueil.")

    @property
    def attendance_weeks(self) -> Decimal:
        return self.weeks - self.closure_weeks - self.holiday_weeks

    @property
    def months(self) -> int:
        """Months billed: every calendar month the contract touches."""
        first, last = self.starts_on, self.ends_on
        return (last.year - first.year) * 12 + last.month - first.month + 1

    @property
    def monthly_hours(self) -> Decimal:
        exact = self.attendance_weeks * self.hours_per_week / self.months
        return exact.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)

    @property
    def hours_per_day(self) -> Decimal:
        return self.hours_per_week / len(self.weekdays)

    def covers(self, month: datetime.date) -> bool:
        return _first(self.starts_on) <= month <= _first(self.ends_on)

    def attends(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on and day.weekday() in self.weekdays


@dataclass(frozen=True)
class Absence:
    """Days the child did not come, from `first_day` to `last_day` included; `proof` says the
    family gave the paper the kind needs (see NEEDS_PROOF)."""

    kind: AbsenceKind
    first_day: datetime.date
    last_day: datetime.date
    proof: bool = True

    def __post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise BillingError("Une absence se termine avant de commencer.")

    def deductible_days(self, waiting_days: int) -> Iterable[datetime.date]:
        """The days of the absence the rules deduct, before the contract and the month."""
        if self.kind in NEEDS_PROOF and not self.proof:
            return
        day = self.first_day
        if self.kind is AbsenceKind.ILLNESS:
            day += datetime.timedelta(days=waiting_days)
        while day <= self.last_day:
            yield day
            day += datetime.timedelta(days=1)


@dataclass(frozen=True)
class Line:
    """One line of an invoice: what a family reads and multiplies (hours × rate = amount)."""

    kind: LineKind
    label: str
    hours: Decimal
    rate_cents: Decimal
    amount_cents: int


@dataclass(frozen=True)
class Draft:
    """An invoice's figures before it is stored: its month, lines and total."""

    month: datetime.date
    lines: tuple[Line, ...]
    total_cents: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "total_cents", sum(line.amount_cents for line in self.lines))


@dataclass(frozen=True)
class Correction:
    """What correcting an issued invoice yields: a credit note cancelling all its lines, and
    the corrected invoice in its place; the family owes the difference."""

    credit_lines: tuple[Line, ...]
    replacement: Draft

    @property
    def credit_cents(self) -> int:
        return -sum(line.amount_cents for line in self.credit_lines)

    @property
    def difference_cents(self) -> int:
        return self.replacement.total_cents - self.credit_cents


def amount(hours: Decimal, rate_cents: Decimal) -> int:
    """Hours × rate, rounded to the cent half up."""
    return int((hours * rate_cents).quantize(CENT, rounding=ROUND_HALF_UP))


def monthly_invoice(
    contract: Contract,
    rate_cents: Decimal,
    month: datetime.date,
    *,
    absences: Sequence[Absence] = (),
    extra_hours: Decimal = Decimal(0),
    waiting_days: int = WAITING_DAYS,
) -> Draft:
    """The invoice of `month` (any day of it) for `contract` at `rate_cents` an hour."""
    month = _first(month)
    if not contract.covers(month):
        raise BillingError("Ce mois n'est pas couvert par le contrat.")
    if rate_cents < 0 or extra_hours < 0 or waiting_days < 0:
        raise BillingError("Taux, heures supplémentaires et délai de carence sont positifs.")
    lines = [_contract_line(contract, contract.monthly_hours, rate_cents)]
    lines += _absence_lines(contract, rate_cents, month, absences, waiting_days, lines[0])
    if extra_hours:
        hours = extra_hours.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
        label = "Heures au-delà du contrat (au même tarif horaire)"
        lines.append(Line(LineKind.EXTRA, label, hours, rate_cents, amount(hours, rate_cents)))
    return Draft(month=month, lines=tuple(lines))


def credit_lines(issued: Sequence[Line]) -> tuple[Line, ...]:
    """A credit note's lines: every line of the invoice it cancels, with the opposite sign."""
    return tuple(
        Line(
            line.kind,
            f"Annulation : {line.label}",
            -line.hours,
            line.rate_cents,
            -line.amount_cents,
        )
        for line in issued
    )


def correction(issued: Sequence[Line], corrected: Draft) -> Correction:
    """Cancel an issued invoice's lines with a credit note and put `corrected` in its place."""
    return Correction(credit_lines=credit_lines(issued), replacement=corrected)


def _contract_line(contract: Contract, hours: Decimal, rate_cents: Decimal) -> Line:
    label = (
        f"Contrat mensualisé : {_n(contract.attendance_weeks)} semaines × "
        f"{_n(contract.hours_per_week)} h ÷ {contract.months} mois"
    )
    return Line(LineKind.CONTRACT, label, hours, rate_cents, amount(hours, rate_cents))


def _absence_lines(
    contract: Contract,
    rate_cents: Decimal,
    month: datetime.date,
    absences: Sequence[Absence],
    waiting_days: int,
    billed: Line,
) -> list[Line]:
    """One line per absence with the days it deducts in the month; a day two absences cover is
    deducted once, and the month never deducts more hours, nor cents, than its contract bills."""
    taken: set[datetime.date] = set()
    left, left_cents = billed.hours, billed.amount_cents
    lines = []
    for absence in sorted(absences, key=lambda a: (a.first_day, a.kind)):
        days = [
            day
            for day in absence.deductible_days(waiting_days)
            if _first(day) == month and contract.attends(day) and day not in taken
        ]
        if not days or left <= 0:
            continue
        taken.update(days)
        hours = min(
            (contract.hours_per_day * len(days)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP),
            left,
        )
        cents = min(amount(hours, rate_cents), left_cents)
        left, left_cents = left - hours, left_cents - cents
        label = _absence_label(absence, len(days), waiting_days)
        lines.append(Line(LineKind.ABSENCE, label, -hours, rate_cents, -cents))
    return lines


def _absence_label(absence: Absence, days: int, waiting_days: int) -> str:
    span = f"du {absence.first_day:%d/%m/%Y} au {absence.last_day:%d/%m/%Y}"
    label = f"{absence.kind.label} {span} : {days} jour{'s' if days > 1 else ''} d'accueil déduit"
    label += "s" if days > 1 else ""
    if absence.kind is AbsenceKind.ILLNESS:
        label += f" après {waiting_days} jours de carence"
    return label


def _first(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _n(value: Decimal) -> str:
    """A number as French people write it: 40, 7,5."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")
