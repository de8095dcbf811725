"""The account entries of the site's navigation."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from massalia.core.extensions import MenuEntry, menu


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _anonymous(user: Any) -> bool:
    return not _signed_in(user)


def register() -> None:
    for entry in (
        MenuEntry(
            "accounts.mine",
            "Mon compte",
            lambda: reverse("accounts:my_account"),
            order=50,
            visible=_signed_in,
        ),
        MenuEntry("accounts.login", "Connexion", lambda: reverse("accounts:login"), 90, _anonymous),
        MenuEntry(
            "accounts.signup", "Inscription", lambda: reverse("accounts:signup"), 91, _anonymous
        ),
        # Signing out is a POST: a link could be followed by a prefetcher.
        MenuEntry(
            "accounts.logout",
            "Déconnexion",
            lambda: reverse("accounts:logout"),
            order=99,
            visible=_signed_in,
            post=True,
        ),
    ):
        menu.register(entry)
