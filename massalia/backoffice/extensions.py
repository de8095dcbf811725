"""The agents' space in the site's navigation, and its inbox page as a link for the domains."""

from __future__ import annotations

from typing import Any, cast

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from massalia.core.extensions import MenuEntry, menu, provide


def staff(user: Any) -> bool:
    """Agents, officials and administrators: who has a place in the agents' space."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_agent or user.is_official or user.is_superuser)


def register() -> None:
    provide("backoffice.inbox", lambda: reverse("backoffice:inbox"))
    menu.register(
        MenuEntry(
            "backoffice.inbox",
            cast(str, _("Espace agents")),
            lambda: reverse("backoffice:inbox"),
            60,
            staff,
        )
    )
