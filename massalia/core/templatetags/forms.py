"""Form helpers for templates."""

from typing import Any

from django import forms, template

register = template.Library()


@register.filter
def active_filters(form: forms.Form) -> int:
    """How many of a bound search form's fields ask something: the count a folded
    filter panel shows on its button ("Filtres (2)")."""
    if not form.is_bound:
        return 0
    return sum(1 for name in form.fields if _asks(form.data, name))


def _asks(data: Any, name: str) -> bool:
    values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
    return any(str(value).strip() for value in values if value is not None)
