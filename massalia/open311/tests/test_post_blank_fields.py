"""A text field the document calls filled is one the server finds filled, in every reading.

The server cleans a text field, then strips it (`parse_submission`): what that leaves empty is
missing. The document's `pattern` must refuse exactly that, however it is read: by Python's
`re` (jsonschema, openapi-schema-validator), by `re` with re.ASCII (how schemathesis draws
values) and by jsonschema-rs as schemathesis builds it to judge them (ECMA-262, whose `\\s`
has other spaces again, and which refuses a pattern naming lone surrogates).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from schemathesis.core.jsonschema import make_validator_for

from massalia.core.text import clean_text
from massalia.open311.openapi import build_document
from massalia.open311.tests.helpers import as_json, json_errors
from massalia.testing import INSIDE

POST = "/open311/v2/requests.json"
LAT, LON = INSIDE["NOAILLES"]
FILLED = ("service_code", "address_string", "address_id")
# Blank to the server. First the spaces that one reading of `\s` or another calls filled: NEL,
# no-break, Ogham, en quad, line and paragraph separators, narrow no-break, medium mathematical
# and ideographic spaces. Then what schemathesis drew as filled while jsonschema-rs could not
# compile the former pattern (it named lone surrogates): controls, a zero-width space, a
# byte-order mark, a NUL, ASCII spaces.
BLANKS = (
    "\x85",
    "\xa0",
    "\u1680",
    "\u2000",
    "\u2028",
    "\u2029",
    "\u202f",
    "\u205f",
    "\u3000",
    "\x1d",
    "\x06\x12",
    "\u200b",
    "\ufeff",
    "\x00",
    " \t\r\n",
)
# Every Unicode scalar value: a lone surrogate is no character, and no UTF-8 body carries one.
SCALARS = [chr(point) for point in range(0x110000) if not 0xD800 <= point <= 0xDFFF]


def _python(flags: int) -> Callable[[str], Callable[[str], bool]]:
    def reading(pattern: str) -> Callable[[str], bool]:
        compiled = re.compile(pattern, flags)
        return lambda value: compiled.search(value) is not None

    return reading


def _judged(pattern: str) -> Callable[[str], bool]:
    return make_validator_for({"type": "string", "pattern": pattern}).is_valid


READINGS: dict[str, Callable[[str], Callable[[str], bool]]] = {
    "re": _python(0),
    "re.ASCII": _python(re.ASCII),
    "jsonschema-rs": _judged,
}


def filled(field: str, reading: str) -> Callable[[str], bool]:
    properties = build_document()["components"]["schemas"]["NewRequest"]["properties"]
    return READINGS[reading](properties[field]["pattern"])


@pytest.fixture(scope="module")
def kept() -> list[bool]:
    """For each scalar value, whether the server finds it filled, as `parse_submission` reads."""
    return [bool(clean_text(char).strip()) for char in SCALARS]


def post(api, body: dict[str, object]):
    return api.post(POST, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("value", BLANKS, ids=ascii)
def test_it_documents_as_blank_a_service_code_it_refuses_as_missing(api, key, city, value):
    response = post(api, {"api_key": key, "service_code": value, "lat": LAT, "long": LON})
    assert response.status_code == 400
    assert json_errors(response) == [(400, "service_code est obligatoire.")]
    assert [reading for reading in READINGS if filled("service_code", reading)(value)] == []


def test_it_files_a_service_code_with_spaces_around_it(api, key, city):
    value = "\u3000lampadaire\xa0\x85"
    assert all(filled("service_code", reading)(value) for reading in READINGS)
    response = post(api, {"api_key": key, "service_code": value, "lat": LAT, "long": LON})
    assert response.status_code == 200, as_json(response)


@pytest.mark.parametrize("field", FILLED)
@pytest.mark.parametrize("reading", READINGS)
def test_it_calls_filled_exactly_what_survives_cleaning_and_stripping(field, reading, kept):
    matches = filled(field, reading)
    disagree = [
        f"U+{ord(char):04X}"
        for char, server_keeps in zip(SCALARS, kept, strict=True)
        if matches(char) != server_keeps
    ]
    assert disagree == []
