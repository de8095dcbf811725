"""The catalog in the site's footer, and its page as a link for lower layers."""

from __future__ import annotations

from typing import cast

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from massalia.core.extensions import MenuEntry, menu, provide


def register() -> None:
    provide("opendata.catalog", lambda: reverse("opendata:catalog"))
    provide("opendata.dataset", lambda slug: reverse("opendata:dataset", args=[slug]))
    menu.register(
        MenuEntry(
            "opendata.catalog",
            cast(str, _("Données ouvertes")),  # translated when the menu is drawn
            lambda: reverse("opendata:catalog"),
            order=50,
            place="footer",
        )
    )
