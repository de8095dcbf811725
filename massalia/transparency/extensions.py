"""What procurement offers the others: its pages as links, and its navigation entry."""

from __future__ import annotations

from typing import cast

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from massalia.core.extensions import MenuEntry, menu, provide


def register() -> None:
    provide("transparency.search", lambda: reverse("transparency:search"))
    provide("transparency.contract", lambda pk: reverse("transparency:contract", args=[pk]))
    provide("transparency.supplier", lambda pk: reverse("transparency:supplier", args=[pk]))
    provide("transparency.buyer", lambda pk: reverse("transparency:buyer", args=[pk]))
    menu.register(
        MenuEntry(
            "transparency.search",
            cast(str, _("Marchés publics")),  # translated when the menu is drawn
            lambda: reverse("transparency:search"),
            order=60,
        )
    )
