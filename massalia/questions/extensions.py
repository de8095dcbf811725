"""What the questions add to the site: their pages as links, one footer entry (the main menu
already holds "Participer"; it does not grow), and sections of the agents' inbox for those
who answer (the questions waiting for them) and those who moderate."""

from __future__ import annotations

from typing import Any, cast

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from massalia.core.extensions import (
    Counter,
    InboxSection,
    MenuEntry,
    inbox_sections,
    menu,
    provide,
)
from massalia.core.permissions import can
from massalia.questions import selectors
from massalia.questions.models import Question, Recipient


def answer_counters(user: Any) -> list[Counter]:
    if not can(user, "questions.answer"):
        return []
    waiting = selectors.to_answer(user)
    late = waiting.filter(pk__in=Question.objects.waiting_too_long().values("pk")).count()
    url = reverse("questions_agents:desk")
    counters = [Counter(label="Questions sans réponse", value=waiting.count(), url=url)]
    counters.append(
        Counter(label="Sans réponse depuis plus de 30 jours", value=late, url=url, urgent=late > 0)
    )
    return counters


def answer_links(user: Any) -> list[tuple[str, str]]:
    if not can(user, "questions.answer"):
        return []
    return [
        (f"Page publique : {r.name}", reverse("questions:recipient", args=[r.slug]))
        for r in (Recipient.objects.all() if user.is_superuser else
                  Recipient.objects.answered_by(user))[:10]
    ]  # fmt: skip


def moderation_counters(user: Any) -> list[Counter]:
    if not can(user, "questions.moderate"):
        return []
    waiting = selectors.to_moderate().count()
    url = reverse("questions_agents:moderation")
    return [Counter(label="Questions à relire", value=waiting, url=url, urgent=waiting > 0)]


def register() -> None:
    provide("questions.questions", lambda: reverse("questions:questions"))
    provide("questions.question", lambda pk: reverse("questions:question", args=[pk]))
    provide("questions.recipient", lambda slug: reverse("questions:recipient", args=[slug]))
    menu.register(
        MenuEntry(
            "questions.questions",
            cast(str, _("Questions aux élus")),  # translated when the menu is drawn
            lambda: reverse("questions:questions"),
            order=48,
            place="footer",
        )
    )
    inbox_sections.register(
        InboxSection(
            key="questions.answers",
            title="Questions aux élus",
            counters=answer_counters,
            links=answer_links,
            order=33,
        )
    )
    inbox_sections.register(
        InboxSection(
            key="questions.moderation",
            title="Questions aux élus : relecture",
            counters=moderation_counters,
            order=34,
        )
    )
