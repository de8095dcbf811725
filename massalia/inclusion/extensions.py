"""What the directory offers the rest of the site: its pages as links and two menu entries."""

from __future__ import annotations

from typing import cast

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from massalia.core.extensions import MenuEntry, menu, provide
from massalia.inclusion import vocabulary


def _internet() -> str:
    return f"{reverse('inclusion:search')}?besoin={vocabulary.INTERNET}"


def register() -> None:
    provide("inclusion.search", lambda: reverse("inclusion:search"))
    provide("inclusion.internet", _internet)
    provide("inclusion.entry", lambda pk: reverse("inclusion:entry", args=[pk]))
    menu.register(
        MenuEntry(
            "inclusion.search",
            cast(str, _("Trouver de l'aide")),  # translated when the menu is drawn
            lambda: reverse("inclusion:search"),
            order=50,
        )
    )
    menu.register(
        MenuEntry("inclusion.internet", cast(str, _("Accès à Internet")), _internet, order=55)
    )
