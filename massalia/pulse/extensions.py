"""The pulse in the site's navigation and footer, and its dashboard as a link."""

from __future__ import annotations

from typing import Any, cast

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from massalia.core.extensions import MenuEntry, menu, provide


def _readers(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_agent or user.is_official or user.is_superuser)


def register() -> None:
    provide("pulse.dashboard", lambda: reverse("pulse:dashboard"))
    menu.register(
        MenuEntry(
            "pulse.dashboard",
            cast(str, _("Baromètre")),
            lambda: reverse("pulse:dashboard"),
            70,
            _readers,
        )
    )
    menu.register(
        MenuEntry(
            "pulse.about",
            cast(str, _("Le baromètre : ce que nous écoutons et pourquoi")),
            lambda: reverse("pulse:about"),
            place="footer",
        )
    )
