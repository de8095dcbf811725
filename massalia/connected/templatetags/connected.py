from __future__ import annotations

from typing import Any

from django import template

from massalia.connected import charts

register = template.Library()


@register.filter
def litres(value: float | None) -> str:
    return "" if value is None else charts.litres(float(value))


@register.filter
def get(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, key)
