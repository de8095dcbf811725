"""The compiled schema answers for valid records; jsonschema only explains refused ones."""

import copy

import pytest

from massalia.transparency import schemas
from massalia.transparency.tests.conftest import MARCHE_V1, MARCHE_V2


def _detailed_validator_must_not_run(*args, **kwargs):
    raise AssertionError("the detailed validator ran on a valid record")


@pytest.mark.parametrize(("version", "record"), [("2", MARCHE_V2), ("1", MARCHE_V1)])
def test_it_checks_a_valid_record_with_the_compiled_schema_alone(monkeypatch, version, record):
    monkeypatch.setattr(schemas, "validator", _detailed_validator_must_not_run)
    assert schemas.check(record, version=version, kind="marche", emptied=set()) == {}


def test_it_gives_one_reason_per_field_for_a_refused_record():
    record = copy.deepcopy(MARCHE_V2)
    record["offresRecues"] = "trois"
    record["ccag"] = "Inconnu"
    del record["procedure"]
    reasons = schemas.check(record, version="2", kind="marche", emptied=set())
    assert reasons == {
        "offresRecues": '« "trois" » n\'est pas du type attendu (integer)',
        "ccag": '« "Inconnu" » n\'est pas une valeur admise',
        "procedure": "champ obligatoire absent",
    }


def test_it_does_not_fill_defaults_into_the_record():
    record = copy.deepcopy(MARCHE_V2)
    schemas.check(record, version="2", kind="marche", emptied=set())
    assert record == MARCHE_V2
