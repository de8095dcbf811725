"""Multi-valued fields as "|a|b|": one LIKE finds a value ("|a|") or a family ("|numerique--")."""

from __future__ import annotations

from collections.abc import Iterable

SEP = "|"


def join_tags(values: Iterable[str]) -> str:
    kept = [v.strip() for v in values if v and v.strip()]
    return f"{SEP}{SEP.join(kept)}{SEP}" if kept else ""


def split_tags(stored: str) -> list[str]:
    return [v for v in stored.split(SEP) if v]


def piped(text: str) -> list[str]:
    """A field of the lieux standard ("a|b") as a list, blanks dropped."""
    return [v.strip() for v in text.split(SEP) if v.strip()]
