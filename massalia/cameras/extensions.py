"""What the register adds to the site: its pages as links and an entry in the footer."""

from __future__ import annotations

from typing import cast

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from massalia.core.extensions import MenuEntry, menu, provide


def register() -> None:
    provide("cameras.register", lambda: reverse("cameras:register"))
    provide("cameras.rights", lambda: reverse("cameras:rights"))
    menu.register(
        MenuEntry(
            "cameras.register",
            cast(str, _("Vidéoprotection")),  # translated when the menu is drawn
            lambda: reverse("cameras:register"),
            order=70,
            place="footer",
        )
    )
