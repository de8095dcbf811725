"""The CNAF's national barème of family contributions in crèches (prestation de service unique).

A crèche financed by the PSU bills a family an hourly rate: its monthly resources, held
between the barème's floor ("plancher") and ceiling ("plafond"), times the effort rate
("taux d'effort") for its number of dependent children. Each child in the household who is
disabled (AEEH beneficiary) moves the family to the next rate down, the rate of one more child
(CNAF circular 2019-005). The figures are data (`models.PsuScale`, edited in the admin): this
module only applies them, in exact decimal arithmetic, so a family can redo the computation by
hand.

Rounding, stated once: the hourly rate is rounded to the cent, half up ("au centime le plus
proche", 0,5 centime rounded up), because the invoice shows the rate a family multiplies by
its hours.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# The barème's columns for collective care: 1 to 7 children, then one rate for 8 and more.
CHILDREN_COLUMNS = tuple(range(1, 9))
LAST_COLUMN = CHILDREN_COLUMNS[-1]
CENT = Decimal("1")
HUNDRED = Decimal(100)


class ScaleError(ValueError):
    """A barème or an input the computation cannot use; the message is French, for agents."""


@dataclass(frozen=True)
class Scale:
    """One period of the barème: from `starts_on`, floor and ceiling in cents, and the effort
    rates in percent per hour billed (0.0619 means 0,0619 %) by number of children."""

    starts_on: datetime.date
    floor_cents: int
    ceiling_cents: int
    rates: Mapping[int, Decimal]

    def __post_init__(self) -> None:
        check(self.floor_cents, self.ceiling_cents, self.rates)

    def rate_for(self, children: int) -> Decimal:
        """The effort rate (percent) of a family counted as `children` children."""
        return self.rates[min(children, LAST_COLUMN)]


def check(floor_cents: int, ceiling_cents: int, rates: Mapping[int, Decimal]) -> None:
    """Refuse a barème that cannot be right: the admin and `Scale` both call it."""
    if floor_cents <= 0:
        raise ScaleError("Le plancher doit être un montant positif.")
    if ceiling_cents <= floor_cents:
        raise ScaleError("Le plafond doit être supérieur au plancher.")
    missing = [n for n in CHILDREN_COLUMNS if n not in rates]
    if missing:
        raise ScaleError(f"Taux d'effort manquant pour {missing[0]} enfant(s).")
    previous = None
    for n in CHILDREN_COLUMNS:
        rate = rates[n]
        if not Decimal(0) < rate < Decimal(1):
            raise ScaleError(
                f"Le taux d'effort pour {n} enfant(s) doit être compris entre 0 et 1 % par heure."
            )
        if previous is not None and rate > previous:
            raise ScaleError(
                f"Le taux d'effort pour {n} enfants ne peut pas dépasser celui pour {n - 1}."
            )
        previous = rate


def parse_rates(raw: Mapping[str, object]) -> dict[int, Decimal]:
    """The stored JSON form ({"1": "0.0619", …}) as numbers; a bad value is a ScaleError."""
    rates: dict[int, Decimal] = {}
    for key, value in raw.items():
        try:
            rates[int(key)] = Decimal(str(value))
        except (ValueError, InvalidOperation) as error:
            raise ScaleError(f"Taux d'effort illisible : {key} → {value!r}.") from error
    return rates


def counted_children(dependent_children: int, disabled_children: int | bool = 0) -> int:
    """The column of the barème a family is read in: its dependent children, one more for each
    disabled child of the household (AEEH), whether or not that child is the one in care."""
    if isinstance(dependent_children, bool) or dependent_children < 1:
        raise ScaleError("Un foyer compte au moins un enfant à charge.")
    disabled = int(disabled_children)
    if disabled < 0 or disabled > dependent_children:
        raise ScaleError("Le nombre d'enfants en situation de handicap est incohérent.")
    return dependent_children + disabled


def clamp(scale: Scale, monthly_resources_cents: int) -> int:
    """The resources the barème reads: never below its floor (nil resources included), never
    above its ceiling."""
    if monthly_resources_cents < 0:
        raise ScaleError("Les ressources mensuelles ne peuvent pas être négatives.")
    return max(scale.floor_cents, min(monthly_resources_cents, scale.ceiling_cents))


def hourly_rate(
    scale: Scale,
    monthly_resources_cents: int,
    dependent_children: int,
    disabled_child_in_household: int | bool = False,
) -> Decimal:
    """The family's hourly rate in cents, rounded to the cent half up.

    `disabled_child_in_household` is True for one disabled child, or their number: the CNAF
    applies the next rate once per disabled child.
    """
    children = counted_children(dependent_children, disabled_child_in_household)
    resources = Decimal(clamp(scale, monthly_resources_cents))
    exact = resources * scale.rate_for(children) / HUNDRED
    return exact.quantize(CENT, rounding=ROUND_HALF_UP)
