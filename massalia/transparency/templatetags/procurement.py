"""Template filters of the procurement pages: amounts in euros, CPV divisions."""

from __future__ import annotations

from decimal import Decimal

from django import template

from massalia.transparency import charts, cpv

register = template.Library()


@register.filter
def euros(amount: Decimal | int | float | None) -> str:
    """1 234 567 € (rounded to the euro), or « non publié »."""
    return "non publié" if amount is None else charts.euros(amount)


@register.filter
def cpv_division(code: str) -> str:
    return cpv.label(cpv.division(code or ""))


@register.filter
def months(value: int | None) -> str:
    return "non publiée" if value is None else f"{value} mois"
