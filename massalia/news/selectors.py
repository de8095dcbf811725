"""The news' shared reads: what the public reads, who receives the newsletter and what."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from massalia.core.notifications.mail import normalise
from massalia.core.notifications.models import Subscription
from massalia.core.notifications.registry import Frequency
from massalia.news.models import NewsItem, Subscriber, Theme
from massalia.news.newsletter import KIND
from massalia.territory.models import Quartier


def published(
    *, theme: Theme | None = None, quartier: Quartier | None = None
) -> QuerySet[NewsItem]:
    items = NewsItem.objects.published().select_related("theme", "image")
    if theme is not None:
        items = items.filter(theme=theme)
    if quartier is not None:
        items = items.in_quartier(quartier)
    return items.prefetch_related("quartiers")


def _switched_on() -> QuerySet[Subscription]:
    return Subscription.objects.filter(topic=KIND, user__isnull=True).exclude(
        frequency=Frequency.NEVER
    )


def active_subscribers() -> QuerySet[Subscriber]:
    """Confirmed addresses whose newsletter is on (the one-click link turns it off)."""
    return Subscriber.objects.filter(
        Exists(_switched_on().filter(email=OuterRef("email")))
    ).order_by("pk")


def receives(email: str) -> bool:
    return active_subscribers().filter(email=normalise(email)).exists()


def items_for(subscriber: Subscriber, items: Sequence[NewsItem]) -> list[NewsItem]:
    """The items of an issue this subscriber asked for: one of their themes (none chosen: all)
    and one of their quartiers (none chosen, or an item for the whole city: all)."""
    themes = {t.pk for t in subscriber.themes.all()}
    quartiers = {q.pk for q in subscriber.quartiers.all()}
    chosen = []
    for item in items:
        if themes and item.theme_id not in themes:
            continue
        about = {q.pk for q in item.quartiers.all()}
        if quartiers and about and not quartiers & about:
            continue
        chosen.append(item)
    return chosen


def may_manage(user: Any) -> bool:
    """A signed-in person manages the newsletter of their account's address once confirmed."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.email
        and getattr(user, "email_verified", False)
    )


def subscription_of(user: Any) -> Subscriber | None:
    """The signed-in person's subscription (their confirmed account address), if it is on."""
    if not may_manage(user):
        return None
    return active_subscribers().filter(email=normalise(user.email)).first()
