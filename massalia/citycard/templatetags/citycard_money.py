"""A purse's cents as the French write euros (12,50 €, −1,70 €)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def card_euros(cents: int | None) -> str:
    if cents is None:
        return ""
    value = int(cents)
    sign = "−" if value < 0 else ""
    whole, part = divmod(abs(value), 100)
    return f"{sign}{whole:,}".replace(",", "\u202f") + f",{part:02d}\u00a0€"
