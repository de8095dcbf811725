"""What the consultations add to the site: their pages as links and in the menu (the opinion
maps, the document consultations), and sections of the agents' inbox for their moderators
(the statements waiting for a decision, the registers' observations to moderate)."""

from __future__ import annotations

from typing import Any, cast

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from massalia.consultations import register as registers
from massalia.consultations import selectors
from massalia.consultations.models import Regulation
from massalia.core.extensions import (
    Counter,
    InboxSection,
    MenuEntry,
    inbox_sections,
    menu,
    provide,
)
from massalia.core.permissions import can


def counters(user: Any) -> list[Counter]:
    if not can(user, "consultations.moderate"):
        return []
    waiting = selectors.to_moderate().count()
    return [
        Counter(
            label="Propositions à modérer",
            value=waiting,
            url=reverse("consultations_agents:queue"),
            urgent=waiting > 0,
        )
    ]


def links(user: Any) -> list[tuple[str, str]]:
    if not can(user, "consultations.moderate"):
        return []
    return [("Modération des cartes des opinions", reverse("consultations_agents:queue"))]


def _registers_of(user: Any) -> list[Regulation]:
    return [
        r for r in Regulation.objects.all() if can(user, "consultations.moderate_observations", r)
    ]


def register_counters(user: Any) -> list[Counter]:
    found = _registers_of(user)
    if not found:
        return []
    waiting = sum(registers.to_moderate(r).count() for r in found)
    return [
        Counter(
            label="Observations à modérer",
            value=waiting,
            url=reverse("consultations_agents:registers"),
            urgent=waiting > 0,
        )
    ]


def register_links(user: Any) -> list[tuple[str, str]]:
    if not _registers_of(user):
        return []
    return [("Registres des consultations", reverse("consultations_agents:registers"))]


def register() -> None:
    provide("consultations.conversations", lambda: reverse("consultations:conversations"))
    provide(
        "consultations.conversation",
        lambda slug: reverse("consultations:conversation", args=[slug]),
    )
    provide("consultations.regulations", lambda: reverse("consultations:regulations"))
    provide("consultations.regulation", lambda slug: reverse("consultations:document", args=[slug]))
    menu.register(
        MenuEntry(
            "consultations.conversations",
            cast(str, _("Cartes des opinions")),  # translated when the menu is drawn
            lambda: reverse("consultations:conversations"),
            order=46,
        )
    )
    menu.register(
        MenuEntry(
            "consultations.regulations",
            cast(str, _("Enquêtes publiques")),
            lambda: reverse("consultations:regulations"),
            order=47,
        )
    )
    inbox_sections.register(
        InboxSection(
            key="consultations.statements",
            title="Cartes des opinions",
            counters=counters,
            links=links,
            order=31,
        )
    )
    inbox_sections.register(
        InboxSection(
            key="consultations.registers",
            title="Registres des enquêtes publiques",
            counters=register_counters,
            links=register_links,
            order=32,
        )
    )
