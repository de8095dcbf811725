"""Our declaration of the lieux de médiation numérique standard against its official schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from massalia.inclusion import tableschema

LIST = re.compile(r"^\(\?:\(\?:\^\|\\\|\)\((?P<choices>.*)\)\)\+\$$")


@pytest.fixture
def official(shared_data: Path) -> list[dict]:
    path = shared_data / "inclusion" / "lieux-mediation-numerique.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))["fields"]


def _values(pattern: str) -> list[str] | None:
    """The values of a "one or more of" pattern, unescaped; None for any other pattern."""
    found = LIST.match(pattern)
    if not found:
        return None
    return [re.sub(r"\\(.)", r"\1", value) for value in found["choices"].split("|")]


def test_the_columns_are_the_standards_in_its_order(official):
    assert tableschema.names() == [raw["name"] for raw in official]


def test_each_column_has_the_standards_constraints(official):
    for ours, raw in zip(tableschema.fields(), official, strict=True):
        constraints = raw.get("constraints", {})
        assert ours.type == raw.get("type", "string"), ours.name
        assert ours.required == bool(constraints.get("required")), ours.name
        assert ours.max_length == constraints.get("maxLength"), ours.name
        pattern = constraints.get("pattern")
        if pattern is None:
            assert ours.pattern is None, ours.name
        elif _values(pattern) is not None:
            assert ours.pattern is not None and _values(ours.pattern.pattern) == _values(pattern)
        else:
            assert ours.pattern is not None and ours.pattern.pattern == pattern, ours.name


def test_the_lists_accept_what_the_standard_accepts_and_nothing_else(official):
    for ours, raw in zip(tableschema.fields(), official, strict=True):
        values = _values(raw.get("constraints", {}).get("pattern") or "")
        if not values:
            continue
        assert ours.pattern is not None
        joined = "|".join(values)
        assert ours.pattern.search(joined) and re.search(raw["constraints"]["pattern"], joined)
        assert not ours.pattern.search(values[0] + " et autre chose"), ours.name
        assert not ours.pattern.search(values[0] + "|"), ours.name


def test_a_row_breaking_each_constraint_gets_a_reason_for_each():
    row = {name: "" for name in tableschema.names()}
    row.update(
        id="lieu-1",
        pivot="123",
        nom="Médiathèque",
        commune="Marseille",
        code_postal="1300",
        adresse="1 rue de la République",
        date_maj="2024-13-01",
        latitude="nord",
        telephone="0491000000",
        presentation_resume="x" * 281,
        services="Aide aux démarches administratives|Cours de cuisine",
    )
    reasons = " / ".join(tableschema.problems(row))
    for name in ("pivot", "code_postal", "date_maj", "latitude", "telephone", "services"):
        assert f"{name} :" in reasons
    assert "presentation_resume : plus de 280 caractères" in reasons
    assert "nom : champ obligatoire (nom du lieu)" in tableschema.problems({**row, "nom": ""})
