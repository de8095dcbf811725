"""Our declarations of the DECP formats agree with the official schemas of the shared data.

Two checks per version and kind: every record we have (the official examples, the dirty
samples, and mutations of valid records) gets the same verdict and the same findings, path
and rule, from both; and, walked side by side, both constrain the same fields the same way.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
import pytest

from massalia.transparency import schemas
from massalia.transparency.format import declaration
from massalia.transparency.tests.conftest import MARCHE_V1, MARCHE_V2

Schema = dict[str, Any]

OFFICIAL_FILES = {"1": "schema-v1.5/marches.json", "2": "schema_decp_v2.0.3.json"}
OFFICIAL_NAMES = {"marche": "marche", "concession": "contrat-concession"}
FORMATS = [("1", "marche"), ("1", "concession"), ("2", "marche"), ("2", "concession")]
# Words that only explain a schema; they constrain nothing.
ANNOTATIONS = {"title", "description", "examples", "$comment", "$schema", "$id", "id"}


def official(decp: Path, version: str, kind: str) -> Schema:
    document = json.loads((decp / OFFICIAL_FILES[version]).read_text(encoding="utf-8"))
    return {
        "$schema": document["$schema"],
        "$ref": f"#/definitions/{OFFICIAL_NAMES[kind]}",
        "definitions": document["definitions"],
    }


def shared_records(decp: Path) -> Iterator[tuple[str, Any]]:
    """Every marché and concession of the official examples and dirty samples, named."""
    files = [*sorted(decp.glob("examples-*/*.json")), *sorted(decp.glob("dirty-sample-*.json"))]
    assert files
    for path in files:
        body = json.loads(path.read_text(encoding="utf-8"))["marches"]
        lists = body.values() if isinstance(body, dict) else [body]
        for records in lists:
            for n, record in enumerate(records):
                yield f"{path.parent.name}/{path.name}[{n}]", record


def _first_supplier(record: Schema) -> Schema:
    entry = record["titulaires" if "titulaires" in record else "concessionnaires"][0]
    inner = entry.get("titulaire", entry.get("concessionnaire"))
    return inner if isinstance(inner, dict) else entry


def _set(field: str, value: Any) -> Callable[[Schema], None]:
    def change(record: Schema) -> None:
        record[field] = value

    return change


def _suppliers(value: Callable[[list[Any]], Any]) -> Callable[[Schema], None]:
    def change(record: Schema) -> None:
        field = "titulaires" if "titulaires" in record else "concessionnaires"
        record[field] = value(record[field])

    return change


def _buyer(value: Any) -> Callable[[Schema], None]:
    def change(record: Schema) -> None:
        record["acheteur" if "acheteur" in record else "autoriteConcedante"] = value

    return change


def _drop(field: str) -> Callable[[Schema], None]:
    def change(record: Schema) -> None:
        record.pop(field, None)

    return change


def _supplier_id_type(record: Schema) -> None:
    _first_supplier(record)["typeIdentifiant"] = "UE"  # v1.5.0 knows it, v2.0.3 no longer


def _signed_on(value: str) -> Callable[[Schema], None]:
    def change(record: Schema) -> None:
        record["dateNotification" if "acheteur" in record else "dateSignature"] = value

    return change


# The first four are refused by the official schema of the record's own format.
MUTATIONS: dict[str, Callable[[Schema], None]] = {
    "wrong enum": _set("nature", "Marché de gré à gré"),
    "objet too long": _set("objet", "x" * 1001),
    "missing required": _drop("objet"),
    "wrong type": _set("dureeMois", "douze"),
    "extra field": _set("commentaire", "champ inventé"),
    "below minimum": _set("dureeMois", 0),
    "integer written as a decimal": _set("dureeMois", 12.0),
    "objet of 300 characters": _set("objet", "x" * 300),
    "date in French writing": _signed_on("01/03/2024"),
    "date with a time": _signed_on("2024-03-01T10:00:00"),
    "buyer as text": _buyer("21130055300016"),
    "buyer SIRET of 13 digits": _buyer({"id": "2113005530001", "nom": "Ville"}),
    "supplier identifier type": _supplier_id_type,
    "suppliers as text": _suppliers(lambda entries: ["81223113200026"]),
    "no supplier": _suppliers(lambda entries: []),
    "a supplier twice": _suppliers(lambda entries: [entries[0], entries[0]]),
    "no lieuExecution": _drop("lieuExecution"),
    "no modifications": _drop("modifications"),
    "procedure as a number": _set("procedure", 3),
}
REFUSED = ["wrong enum", "objet too long", "missing required", "wrong type"]


def bases(decp: Path) -> dict[tuple[str, str], Schema]:
    """One record of each format its official schema accepts."""

    def concession(name: str) -> Schema:
        body = json.loads((decp / name).read_text(encoding="utf-8"))["marches"]
        return body[0] if isinstance(body, list) else body["contrat-concession"][0]

    return {
        ("1", "marche"): MARCHE_V1,
        ("1", "concession"): concession("examples-v1.5/cc-basique.json"),
        ("2", "marche"): MARCHE_V2,
        ("2", "concession"): concession("examples-v2/concessions.json"),
    }


def all_records(decp: Path) -> list[tuple[str, Any]]:
    records = list(shared_records(decp))
    for (version, kind), base in bases(decp).items():
        for name, mutate in MUTATIONS.items():
            record = copy.deepcopy(base)
            mutate(record)
            records.append((f"v{version} {kind}, {name}", record))
    return records


class Judge:
    """A schema's verdict, compiled as the import checks, and every finding: path and rule."""

    def __init__(self, schema: Schema) -> None:
        self.compiled = fastjsonschema.compile(schema, use_default=False, use_formats=False)
        self.detailed = jsonschema.validators.validator_for(schema)(schema)

    def __call__(self, record: Any) -> tuple[bool, set[tuple[tuple[str | int, ...], str]]]:
        try:
            self.compiled(record)
            verdict = True
        except fastjsonschema.JsonSchemaException:
            verdict = False
        found = {(tuple(e.absolute_path), e.validator) for e in self.detailed.iter_errors(record)}
        assert verdict == (not found), "fastjsonschema and jsonschema disagree"
        return verdict, found


def disagreements(ours: Schema, theirs: Schema, records: list[tuple[str, Any]]) -> list[str]:
    mine, official_ = Judge(ours), Judge(theirs)
    return [
        f"{name}: ours {mine(record)}, official {official_(record)}"
        for name, record in records
        if mine(record) != official_(record)
    ]


def normalised(schema: Any, root: Schema) -> Any:
    """The constraints alone: references followed (in draft-04 and draft-07 a `$ref` hides
    its siblings), annotations and unreferenced definitions left out, enums and required
    lists sorted (their order constrains nothing)."""
    if not isinstance(schema, dict):
        return schema
    while "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        schema = target
    out: Schema = {}
    for key, value in schema.items():
        if key in ANNOTATIONS or key == "definitions":
            continue
        if key == "properties":
            out[key] = {name: normalised(sub, root) for name, sub in value.items()}
        elif key in ("items", "additionalProperties", "not"):
            out[key] = normalised(value, root)
        elif key in ("anyOf", "oneOf", "allOf"):
            out[key] = [normalised(sub, root) for sub in value]
        elif key in ("enum", "required"):
            out[key] = sorted(value, key=json.dumps)
        else:
            out[key] = value
    return out


def differences(ours: Any, theirs: Any, where: str = "") -> Iterator[str]:
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in sorted(set(ours) | set(theirs)):
            if key not in theirs:
                yield f"{where}/{key}: only in ours"
            elif key not in ours:
                yield f"{where}/{key}: missing from ours"
            else:
                yield from differences(ours[key], theirs[key], f"{where}/{key}")
    elif ours != theirs:
        yield f"{where}: ours {ours!r}, official {theirs!r}"


def structure(schema: Schema) -> Any:
    return normalised(schema, schema)


@pytest.mark.parametrize(("version", "kind"), FORMATS)
def test_it_gives_the_official_verdicts_and_findings(decp, version, kind):
    records = all_records(decp)
    assert disagreements(declaration(version, kind), official(decp, version, kind), records) == []


@pytest.mark.parametrize(("version", "kind"), FORMATS)
def test_it_constrains_what_the_official_schema_constrains(decp, version, kind):
    ours, theirs = structure(declaration(version, kind)), structure(official(decp, version, kind))
    assert list(differences(ours, theirs)) == []


def test_it_is_what_the_import_checks():
    for version, kind in FORMATS:
        assert schemas.definition(version, kind) == declaration(version, kind)


def test_its_records_are_not_all_alike(decp):
    """The records compared include valid ones and each kind of refusal."""
    for (version, kind), base in bases(decp).items():
        judge = Judge(official(decp, version, kind))
        assert judge(base) == (True, set())
        for name in REFUSED:
            record = copy.deepcopy(base)
            MUTATIONS[name](record)
            assert not judge(record)[0], (version, kind, name)
    judge = Judge(official(decp, "1", "marche"))
    verdicts = {judge(record)[0] for _, record in shared_records(decp)}
    assert verdicts == {True, False}


def test_it_notices_a_changed_value(decp):
    """One admitted value changed in ours: both checks say so."""
    changed = declaration("2", "marche")
    changed["properties"]["ccag"]["enum"][2] = "Fournitures et services"
    theirs = official(decp, "2", "marche")
    assert disagreements(changed, theirs, all_records(decp))
    found = list(differences(structure(changed), structure(theirs)))
    assert len(found) == 1 and found[0].startswith("/properties/ccag/enum: ours [")
