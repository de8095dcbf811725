"""Who may do what with the stops (the one permission policy, `core.permissions`)."""

from __future__ import annotations

from typing import Any

from massalia.core.permissions import rule


@rule("transit.print_tags")
def print_tags(user: Any, feed: Any) -> bool:
    """The installers' sheets of tags and codes: the city's agents and administrators."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_superuser or user.department_ids())
