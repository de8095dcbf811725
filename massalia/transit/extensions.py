"""What the transit domain adds to the site (filled in by later steps)."""

from __future__ import annotations


def register() -> None:
    pass
