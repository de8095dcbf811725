"""What participation adds to the site: its pages as links, a menu entry and a section of
the agents' inbox (the proposals that reached their threshold, waiting for an answer)."""

from __future__ import annotations

from typing import Any, cast

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from massalia.core.extensions import Counter, InboxSection, MenuEntry, inbox_sections, menu, provide
from massalia.core.permissions import can
from massalia.participation import selectors
from massalia.participation.models import CommentStatus


def counters(user: Any) -> list[Counter]:
    if not can(user, "participation.review"):
        return []
    waiting = selectors.to_answer(user).count()
    pending = selectors.moderated_by(user).filter(status=CommentStatus.PENDING).count()
    return [
        Counter(
            label="Propositions à examiner",
            value=waiting,
            url=reverse("participation:review"),
            urgent=waiting > 0,
        ),
        Counter(
            label="Commentaires en attente de modération",
            value=pending,
            url=reverse("participation:moderation"),
            urgent=pending > 0,
        ),
    ]


def links(user: Any) -> list[tuple[str, str]]:
    if not can(user, "participation.review"):
        return []
    budgets = [
        (f"Budget participatif : {p.title}", reverse("participation:budget_desk", args=[p.slug]))
        for p in selectors.processes().filter(budget__isnull=False)
        if can(user, "participation.verify", p)
    ]
    return [
        ("Propositions des consultations", reverse("participation:review")),
        ("Modération des commentaires", reverse("participation:moderation")),
        *budgets,
    ]


def register() -> None:
    provide("participation.processes", lambda: reverse("participation:processes"))
    provide("participation.process", lambda slug: reverse("participation:process", args=[slug]))
    provide("participation.answer", lambda pk: reverse("participation:answer", args=[pk]))
    menu.register(
        MenuEntry(
            "participation.processes",
            cast(str, _("Participer")),  # translated when the menu is drawn
            lambda: reverse("participation:processes"),
            order=45,
        )
    )
    inbox_sections.register(
        InboxSection(
            key="participation.proposals",
            title="Consultations",
            counters=counters,
            links=links,
            order=30,
        )
    )
