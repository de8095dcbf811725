"""What the connected city adds to the site: the subscriber's menu entry."""

from __future__ import annotations

from django.urls import reverse

from massalia.connected import selectors
from massalia.core.extensions import MenuEntry, menu


def register() -> None:
    menu.register(
        MenuEntry(
            "connected.my_water",
            "Ma consommation d'eau",
            lambda: reverse("connected:my_water"),
            order=65,
            visible=selectors.has_meter,
        )
    )
