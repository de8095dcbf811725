"""What the news add to the site: their pages as links (the home page and "my account" ask
for them) and one footer entry; the main menu is full (docs/news.md)."""

from __future__ import annotations

from typing import cast

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from massalia.core.extensions import MenuEntry, menu, provide


def register() -> None:
    provide("news.list", lambda: reverse("news:list"))
    provide("news.subscribe", lambda: reverse("news:subscribe"))
    provide("news.my_subscription", lambda: reverse("news:my_subscription"))
    menu.register(
        MenuEntry(
            "news.list",
            cast(str, _("Actualités")),  # translated when the menu is drawn
            lambda: reverse("news:list"),
            order=60,
            place="footer",
        )
    )
