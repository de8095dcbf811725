"""What the portal offers the other apps: the home page, as a link; and the site's information
pages in the footer."""

from __future__ import annotations

from functools import partial
from typing import cast

from django.urls import reverse

from massalia.core.extensions import MenuEntry, menu, provide
from massalia.portal.site_pages import PAGES


def register() -> None:
    provide("portal.home", lambda: reverse("portal:home"))
    for order, page in enumerate(PAGES, start=90):
        menu.register(
            MenuEntry(
                f"portal.{page.key}",
                cast(str, page.label),  # translated when the footer is drawn
                partial(reverse, f"portal:page_{page.key}"),
                order=order,
                place="footer",
            )
        )
