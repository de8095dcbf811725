"""What the directory offers the rest of the site: its pages as links and two menu entries."""

from __future__ import annotations

from django.urls import reverse

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
            "inclusion.search", "Trouver de l'aide", lambda: reverse("inclusion:search"), order=50
        )
    )
    menu.register(MenuEntry("inclusion.internet", "Accès à Internet", _internet, order=55))
