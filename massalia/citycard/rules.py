"""Who may do what with city cards (the one permission policy, `core.permissions`)."""

from __future__ import annotations

from typing import Any

from massalia.core.permissions import rule


@rule("citycard.hold")
def hold(user: Any, card: Any) -> bool:
    """A card's page, its top-up and its loss: its holder only."""
    return bool(user is not None and user.is_authenticated and card.holder_id == user.pk)


@rule("citycard.manage")
def manage(user: Any, obj: Any) -> bool:
    """Blocking, unblocking and the counts: administrators and the card office's staff
    (Django's "change card" permission)."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_superuser or user.has_perm("citycard.change_card"))
