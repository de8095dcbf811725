"""Amounts in cents as the French write euros (1 234,50 €, −12,00 €) and hours (7,5)."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def euros(cents: int | Decimal | None) -> str:
    if cents is None:
        return ""
    value = int(cents)
    sign = "−" if value < 0 else ""
    whole, part = divmod(abs(value), 100)
    return f"{sign}{whole:,}".replace(",", "\u202f") + f",{part:02d}\u00a0€"


@register.filter
def hours(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text.replace("-", "−").replace(".", ",")


@register.filter
def percent(rate: str | Decimal | None) -> str:
    """An effort rate as the CNAF writes it: 0,0619 %."""
    if rate in (None, ""):
        return ""
    return str(rate).replace(".", ",") + "\u00a0%"
