"""Who may do what with the news (the one permission policy, `core.permissions`)."""

from __future__ import annotations

from typing import Any

from massalia.core.permissions import rule


@rule("news.edit")
def edit(user: Any, obj: Any = None) -> bool:
    """Administrators, and staff given the editors' permission (a group in the admin): being
    staff alone opens the admin, not the city's news."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_superuser or (user.is_staff and user.has_perm("news.edit_news")))
