"""Typed extra attributes of a request type: validation shared by the web form and Open311."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime

from massalia.core.text import clean_text, scrub
from massalia.servicerequests.models import Attribute, RequestType

Raw = Mapping[str, str | list[str]]
MAX_TEXT = 2000


def clean_attributes(request_type: RequestType, raw: Raw) -> dict[str, Any]:
    """Return the clean values by attribute code, or raise ValidationError({code: message})."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for attribute in request_type.attributes.filter(variable=True):
        value = raw.get(attribute.code)
        try:
            result = _clean_one(attribute, value)
        except ValidationError as exc:
            errors[attribute.code] = exc.messages[0]
            continue
        if result not in (None, "", []):
            clean[attribute.code] = result
    if errors:
        raise ValidationError(errors)
    return clean


def _as_list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    cleaned = (clean_text(str(v)).strip() for v in items)
    return [v for v in cleaned if v]


def _clean_one(attribute: Attribute, value: str | list[str] | None) -> Any:
    items = _as_list(value)
    if not items:
        if attribute.required:
            raise ValidationError(f"« {attribute.description} » est obligatoire.")
        return None
    kind = attribute.datatype
    if kind == Attribute.Datatype.MULTIVALUELIST:
        unknown = [v for v in items if v not in attribute.value_keys()]
        if unknown:
            raise ValidationError(
                f"Valeur inconnue pour « {attribute.description} » : {unknown[0]}."
            )
        return items
    single = items[0]
    if kind == Attribute.Datatype.SINGLEVALUELIST:
        if single not in attribute.value_keys():
            raise ValidationError(f"Valeur inconnue pour « {attribute.description} » : {single}.")
        return single
    if kind == Attribute.Datatype.NUMBER:
        return _number(attribute, single)
    if kind == Attribute.Datatype.DATETIME:
        return _datetime(attribute, single).isoformat()
    if len(single) > MAX_TEXT:
        raise ValidationError(
            f"« {attribute.description} » est trop long ({MAX_TEXT} caractères au plus)."
        )
    return single


def _number(attribute: Attribute, value: str) -> float | int:
    try:
        number = float(value.replace(",", "."))
    except ValueError as exc:
        raise ValidationError(f"« {attribute.description} » doit être un nombre.") from exc
    if number != number or number in (float("inf"), float("-inf")):
        raise ValidationError(f"« {attribute.description} » doit être un nombre.")
    return int(number) if number.is_integer() else number


def _datetime(attribute: Attribute, value: str) -> datetime:
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValidationError(
            f"« {attribute.description} » doit être une date et heure (AAAA-MM-JJTHH:MM)."
        )
    return parsed


def display_values(
    request_type: RequestType, values: Mapping[str, Any], *, public: bool = False
) -> list[tuple[str, str]]:
    """(question, answer) pairs for pages, with list keys turned into their labels.

    `public=True` hides personal data in free-text answers, as in the public description.
    """
    out = []
    for attribute in request_type.attributes.all():
        if attribute.code not in values:
            continue
        labels = {str(v["key"]): str(v["name"]) for v in attribute.values}
        raw = values[attribute.code]
        items = raw if isinstance(raw, list) else [raw]
        answer = ", ".join(labels.get(str(i), str(i)) for i in items)
        free_text = attribute.datatype in (Attribute.Datatype.STRING, Attribute.Datatype.TEXT)
        out.append((attribute.description, scrub(answer) if public and free_text else answer))
    return out
