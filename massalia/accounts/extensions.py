"""The account entries of the site's navigation."""

from __future__ import annotations

from typing import Any, cast

from django.urls import reverse
from django.utils.translation import gettext_lazy

from massalia.core.extensions import MenuEntry, menu


def _(french: str) -> str:
    """A menu label in the reader's language, looked up at each page (the menu is declared
    once, at start-up). Typed `str`, as `MenuEntry.label` is: it renders as one."""
    return cast(str, gettext_lazy(french))


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _anonymous(user: Any) -> bool:
    return not _signed_in(user)


def register() -> None:
    for entry in (
        MenuEntry(
            "accounts.mine",
            _("Mon compte"),
            lambda: reverse("accounts:my_account"),
            order=50,
            visible=_signed_in,
        ),
        MenuEntry(
            "accounts.login", _("Connexion"), lambda: reverse("accounts:login"), 90, _anonymous
        ),
        MenuEntry(
            "accounts.signup", _("Inscription"), lambda: reverse("accounts:signup"), 91, _anonymous
        ),
        # Signing out is a POST: a link could be followed by a prefetcher.
        MenuEntry(
            "accounts.logout",
            _("Déconnexion"),
            lambda: reverse("accounts:logout"),
            order=99,
            visible=_signed_in,
            post=True,
        ),
    ):
        menu.register(entry)
