"""Path converters shared by every app's URLs.

`<id:pk>` replaces Django's `<int:pk>`: an id is 1 … 2**63-1, the range of the 64-bit keys
in the database. Outside it the route does not match, so the answer is a 404 and the number
never reaches a query (where SQLite raises OverflowError and PostgreSQL a DataError).
"""

from __future__ import annotations

from django.urls import register_converter

MAX_ID = 2**63 - 1


class IdConverter:
    # 19 digits hold 2**63-1: a longer number is refused before being parsed.
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(f"id out of range: {value}")
        return number

    def to_url(self, value: int) -> str:
        return str(value)


def register() -> None:
    """Register the converters under their names (called once, when the core app is ready)."""
    register_converter(IdConverter, "id")
