"""What the opinion map adds to the site: its pages as links, and a section of the agents'
inbox for its moderators (the statements waiting for a decision)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from massalia.consultations import selectors
from massalia.core.extensions import Counter, InboxSection, inbox_sections, provide
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


def register() -> None:
    provide("consultations.conversations", lambda: reverse("consultations:conversations"))
    provide(
        "consultations.conversation",
        lambda slug: reverse("consultations:conversation", args=[slug]),
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
