"""Account-level permission rules."""

from __future__ import annotations

from typing import Any

from massalia.core.permissions import rule


@rule("accounts.configure")
def configure(user: Any, obj: Any) -> bool:
    """Configure the platform (Django admin): administrators only."""
    return bool(user is not None and user.is_authenticated and user.is_superuser)
