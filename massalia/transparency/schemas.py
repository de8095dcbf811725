"""A DECP record checked against its own format, a marché or a concession of v1.5.0 or v2.0.3
as `format.py` declares it; every finding is one French reason keyed by the field's path
("titulaires[0].titulaire.id").

Most records are valid, so each is first checked by the declaration compiled to Python once
(fastjsonschema, several times faster); only a record it refuses goes through jsonschema,
whose findings, every one with its path, make the reasons.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import Any

import fastjsonschema
import jsonschema

from massalia.transparency.format import declaration


@cache
def definition(version: str, kind: str) -> dict[str, Any]:
    """The JSON Schema of a `kind` ("marche", "concession") of `version` ("1", "2"); shared,
    not to be changed."""
    return declaration(version, kind)


@cache
def validator(version: str, kind: str) -> Any:
    schema = definition(version, kind)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


@cache
def compiled(version: str, kind: str) -> Any:
    """The declaration as one Python function; like jsonschema here, formats are not asserted."""
    return fastjsonschema.compile(
        definition(version, kind), use_default=False, use_formats=False, detailed_exceptions=False
    )


def valid(record: dict[str, Any], *, version: str, kind: str) -> bool:
    try:
        compiled(version, kind)(record)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def field_path(parts: Iterable[str | int]) -> str:
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "enregistrement"


def check(
    record: dict[str, Any], *, version: str, kind: str, emptied: set[tuple[str, str]]
) -> dict[str, str]:
    """Reasons by field; a required field we emptied ourselves ("NC") is not a finding."""
    if valid(record, version=version, kind=kind):
        return {}
    found: dict[str, str] = {}
    for error in validator(version, kind).iter_errors(record):
        where = field_path(error.absolute_path)
        if error.validator == "required":
            missing = [
                name
                for name in error.validator_value
                if isinstance(error.instance, dict) and name not in error.instance
            ]
            missing = [name for name in missing if (where, name) not in emptied]
            for name in missing:
                key = name if where == "enregistrement" else f"{where}.{name}"
                found.setdefault(key, "champ obligatoire absent")
            continue
        found[where] = _join(found.get(where), _french(error))
    return found


def _join(before: str | None, reason: str) -> str:
    return reason if not before or reason in before else f"{before} ; {reason}"


def _french(error: Any) -> str:
    value = error.validator_value
    instance = error.instance
    shown = _short(instance)
    messages = {
        "type": f"{shown} n'est pas du type attendu ({value})",
        "minimum": f"{shown} est inférieur au minimum {value}",
        "maximum": f"{shown} dépasse le maximum {value}",
        "exclusiveMinimum": f"{shown} doit dépasser {value}",
        "enum": f"{shown} n'est pas une valeur admise",
        "pattern": f"{shown} n'a pas le format attendu",
        "maxLength": f"texte trop long ({len(instance) if isinstance(instance, str) else '?'}"
        f" caractères, {value} au plus)",
        "minLength": "texte trop court",
        "minItems": f"au moins {value} élément(s) attendu(s)",
        "uniqueItems": "éléments en double",
        "additionalProperties": "champs inconnus du format : "
        + ", ".join(sorted(set(instance) - set(error.schema.get("properties", {}))))
        if isinstance(instance, dict)
        else "champs inconnus du format",
        "anyOf": "ne correspond à aucune des formes admises",
        "oneOf": "ne correspond à aucune des formes admises",
        "format": f"{shown} n'a pas le format attendu",
    }
    return messages.get(error.validator, f"non conforme au format ({error.validator})")


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return f"« {text[:80]}{'…' if len(text) > 80 else ''} »"
