"""Parameters declared once: the OpenAPI document shows their JSON-schema constraints and the
server reads them through the same declaration, so the two cannot drift.

`Param.read(params)` applies the declared `type` (string, integer, number), `minLength`,
`maxLength`, `pattern` (searched, as JSON Schema does), `enum`, `minimum`, `maximum` and
`format` (date-time: RFC 3339 with its offset; email) to a query-string, form or header value,
and raises `ApiError` with the parameter's French message otherwise. An empty value is the same
as a missing one (the rule of Open311 and of most query strings).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.dateparse import parse_datetime

from massalia.core.api.errors import ApiError, Detail
from massalia.core.text import clean_text

Schema = dict[str, Any]
Message = str | Callable[[str], str]

# RFC 3339 date-time: a date, a time and an offset (no bare dates, no local times).
_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$", re.ASCII
)
_INTEGER = re.compile(r"^-?[0-9]{1,18}$")
_NUMBER = re.compile(r"^-?[0-9]{1,18}(\.[0-9]{1,18})?([eE][+-]?[0-9]{1,3})?$")


def _string() -> Schema:
    return {"type": "string"}


@dataclass(frozen=True)
class Param:
    """One parameter of an endpoint, as documented and as read."""

    name: str
    location: str = "query"  # "query", "path" or "header"
    description: str = ""
    schema: Schema | Callable[[], Schema] = field(default_factory=_string)
    required: bool = False
    invalid: Message = ""  # French text when a value breaks the schema
    too_long: Message = ""  # French text when a value passes maxLength
    status: int = 400  # what a bad value answers (Open311's unknown jurisdiction is a 404)
    clean: bool = True  # strip spaces and unstorable characters before checking

    def resolved_schema(self) -> Schema:
        return dict(self.schema() if callable(self.schema) else self.schema)

    def openapi(self) -> Schema:
        out: Schema = {"name": self.name, "in": self.location, "required": self.required}
        if self.location == "query" and not self.required:
            out["allowEmptyValue"] = True
        if self.description:
            out["description"] = self.description
        out["schema"] = self.resolved_schema()
        return out

    def raw(self, params: Mapping[str, Any]) -> str:
        value = params.get(self.name)
        if isinstance(value, list):
            value = value[0] if value else ""
        value = "" if value is None else str(value)
        return clean_text(value).strip() if self.clean else value

    def read(self, params: Mapping[str, Any]) -> Any:
        """The value, converted to its declared type; None when missing or empty."""
        return self.check(self.raw(params))

    def check(self, value: str) -> Any:
        if not value:
            if self.required:
                raise self._error(f"« {self.name} » est obligatoire.")
            return None
        schema = self.resolved_schema()
        limit = schema.get("maxLength")
        if limit is not None and len(value) > limit:
            raise self._error(self._text(self.too_long, value) or self._default(value))
        converted = _conforming(schema, value)
        if converted is _INVALID:
            raise self._error(self._default(value))
        return converted

    def is_valid(self, value: str) -> bool:
        try:
            self.check(value)
        except ApiError:
            return False
        return True

    def _default(self, value: str) -> str:
        return self._text(self.invalid, value) or f"Valeur invalide pour « {self.name} »."

    @staticmethod
    def _text(message: Message, value: str) -> str:
        return message(value) if callable(message) else message

    def _error(self, message: str) -> ApiError:
        return ApiError(self.status, message, details=[Detail(message, self.name, named=True)])


_INVALID = object()


def _conforming(schema: Schema, value: str) -> Any:
    """`value` converted to the schema's type if it meets every constraint, else _INVALID."""
    kind = schema.get("type", "string")
    converted: Any = value
    if kind == "integer":
        if not _INTEGER.match(value):
            return _INVALID
        converted = int(value)
    elif kind == "number":
        if not _NUMBER.match(value):
            return _INVALID
        converted = float(value)
    elif kind == "string":
        if len(value) < schema.get("minLength", 0):
            return _INVALID
        pattern = schema.get("pattern")
        # JSON Schema searches the pattern (anchors are the pattern's own), as re.search does.
        if pattern is not None and not re.search(pattern, value):
            return _INVALID
        converted = _formatted(schema.get("format"), value)
    if "enum" in schema and converted not in schema["enum"]:
        return _INVALID
    if "minimum" in schema and converted < schema["minimum"]:
        return _INVALID
    if "maximum" in schema and converted > schema["maximum"]:
        return _INVALID
    return converted


def _formatted(fmt: str | None, value: str) -> Any:
    if fmt == "date-time":
        try:
            parsed: datetime | None = parse_datetime(value) if _DATE_TIME.match(value) else None
        except ValueError:  # well formed, yet no such day or hour
            parsed = None
        return _INVALID if parsed is None else parsed
    if fmt == "email":
        try:
            validate_email(value)
        except ValidationError:
            return _INVALID
    return value
