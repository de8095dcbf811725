"""A parameter is declared once: the document shows its schema, and the server reads values
through it, refusing with the parameter's French message what the schema refuses."""

from __future__ import annotations

from datetime import datetime

import pytest

from massalia.core.api.errors import ApiError
from massalia.core.api.params import Param

IDS = Param(
    "ids",
    schema={"type": "string", "maxLength": 20, "pattern": "^[1-9][0-9]*(,[1-9][0-9]*)*$"},
    invalid="ids doit être une liste d'entiers.",
    too_long="ids est trop long.",
)
SIZE = Param(
    "size", schema={"type": "integer", "minimum": 1, "maximum": 50}, invalid="size : 1 à 50."
)
WHEN = Param("when", schema={"type": "string", "format": "date-time"}, clean=False)
AREA = Param("area", schema={"type": "string", "enum": ["nord", "sud"]}, status=404)


def refusal(param: Param, value: str) -> ApiError:
    with pytest.raises(ApiError) as refused:
        param.read({param.name: value})
    return refused.value


def test_it_reads_what_the_schema_allows_converted_to_its_type():
    assert IDS.read({"ids": " 1,22 "}) == "1,22"
    assert SIZE.read({"size": "50"}) == 50
    assert WHEN.read({"when": "2024-05-01T10:00:00+02:00"}) == datetime.fromisoformat(
        "2024-05-01T10:00:00+02:00"
    )
    assert AREA.read({"area": "sud"}) == "sud"


def test_it_takes_an_empty_value_for_a_missing_one():
    assert (
        IDS.read({}) is None and IDS.read({"ids": ""}) is None and SIZE.read({"size": [""]}) is None
    )
    required = Param("code", required=True)
    assert "obligatoire" in refusal(required, "").message


@pytest.mark.parametrize(
    ("param", "value", "message"),
    [
        (IDS, "1,a", "ids doit être une liste d'entiers."),
        (IDS, "1," * 20, "ids est trop long."),
        (SIZE, "0", "size : 1 à 50."),
        (SIZE, "51", "size : 1 à 50."),
        (SIZE, "deux", "size : 1 à 50."),
        (SIZE, "²", "size : 1 à 50."),
        (WHEN, "2024-05-01", "Valeur invalide pour « when »."),
        (WHEN, "2024-05-01T10:00:00", "Valeur invalide pour « when »."),
        (WHEN, "2024-02-30T10:00:00Z", "Valeur invalide pour « when »."),
    ],
)
def test_it_refuses_what_the_schema_refuses_with_the_parameters_message(param, value, message):
    error = refusal(param, value)
    assert (error.status, error.message) == (400, message)
    assert error.details[0].field == param.name


def test_it_answers_the_status_the_declaration_gives():
    assert refusal(AREA, "ouest").status == 404


def test_it_shows_in_the_document_the_schema_it_enforces():
    shown = IDS.openapi()
    assert shown["schema"] == IDS.schema and shown["in"] == "query"
    assert shown["allowEmptyValue"] is True
    dynamic = Param("zone", schema=lambda: {"type": "string", "enum": ["ici"]})
    assert dynamic.openapi()["schema"] == {"type": "string", "enum": ["ici"]}
    assert dynamic.is_valid("ici") and not dynamic.is_valid("ailleurs")
