"""The national "lieux de médiation numérique" Table Schema, shipped in data/, read once.

Only what the standard uses is checked: required, pattern, maxLength, number and date types.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SCHEMA_FILE = Path(__file__).resolve().parent / "data" / "lieux-mediation-numerique.schema.json"


@dataclass(frozen=True)
class Field:
    name: str
    title: str
    type: str
    required: bool
    pattern: re.Pattern[str] | None
    max_length: int | None


@cache
def fields() -> tuple[Field, ...]:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    out = []
    for raw in schema["fields"]:
        constraints = raw.get("constraints", {})
        pattern = constraints.get("pattern")
        out.append(
            Field(
                name=raw["name"],
                title=raw.get("title", raw["name"]),
                type=raw.get("type", "string"),
                required=bool(constraints.get("required")),
                pattern=re.compile(pattern) if pattern else None,
                max_length=constraints.get("maxLength"),
            )
        )
    return tuple(out)


def names() -> list[str]:
    return [f.name for f in fields()]


def problems(row: dict[str, str]) -> list[str]:
    """What is wrong with one row of the standard, in French (empty when it is valid)."""
    found = []
    for field in fields():
        value = (row.get(field.name) or "").strip()
        if not value:
            if field.required:
                found.append(f"{field.name} : champ obligatoire ({field.title})")
            continue
        found.extend(f"{field.name} : {p}" for p in _value_problems(field, value))
    return found


def _value_problems(field: Field, value: str) -> list[str]:
    out = []
    if field.type == "number":
        try:
            float(value)
        except ValueError:
            out.append(f"« {value[:40]} » n'est pas un nombre")
    elif field.type == "date":
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            out.append(f"« {value[:40]} » n'est pas une date AAAA-MM-JJ")
    if field.pattern and not field.pattern.search(value):
        out.append(f"« {value[:60]} » ne suit pas le format attendu")
    if field.max_length and len(value) > field.max_length:
        out.append(f"plus de {field.max_length} caractères")
    return out
