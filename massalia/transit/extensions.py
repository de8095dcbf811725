"""What the transit domain adds to the site: a stop's page as a link, the stops' index in the
footer, and a section of the agents' inbox leading to the installers' sheets of tags and codes."""

from __future__ import annotations

from typing import Any, cast

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from massalia.core.extensions import Counter, InboxSection, MenuEntry, inbox_sections, menu, provide
from massalia.core.permissions import can
from massalia.transit.models import Stop


def counters(user: Any) -> list[Counter]:
    if not can(user, "transit.print_tags", None):
        return []
    stops = Stop.objects.filter(feed__imported_at__isnull=False).count()
    if not stops:
        return []
    return [Counter("Arrêts à équiper (NFC et QR)", stops, reverse("transit_agents:sheets"))]


def links(user: Any) -> list[tuple[str, str]]:
    if not can(user, "transit.print_tags", None):
        return []
    return [("Planches d'étiquettes des arrêts", reverse("transit_agents:sheets"))]


def register() -> None:
    provide("transit.stops", lambda: reverse("transit:stops"))
    provide("transit.stop", lambda feed, stop_id: reverse("transit:stop", args=[feed, stop_id]))
    menu.register(
        MenuEntry(
            "transit.stops",
            cast(str, _("Arrêts de bus")),  # translated when the menu is drawn
            lambda: reverse("transit:stops"),
            order=65,
            place="footer",
        )
    )
    inbox_sections.register(
        InboxSection(
            key="transit.shelter_tags",
            title="Abribus : étiquettes NFC et codes QR",
            counters=counters,
            links=links,
            order=60,
        )
    )
