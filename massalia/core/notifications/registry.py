"""The kinds of notification ("topics") apps declare, and the choices a person has for each.

An app declares its kinds once, at import of the module that sends them (or in its
AppConfig.ready):

    declare(Topic(name="servicerequests.status_changed", label="…", default=Frequency.IMMEDIATELY))

Core never imports the apps above it: what it needs from them (who may receive a kind, where
to read more, work to do before a digest) comes in the declaration.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", "à chaque fois, immédiatement"
    DAILY = "daily", "dans un résumé quotidien"
    WEEKLY = "weekly", "dans un résumé hebdomadaire"
    NEVER = "never", "jamais"


# Frequencies that send a digest rather than one message per item.
DIGEST_FREQUENCIES = (Frequency.DAILY, Frequency.WEEKLY)


class Channel(models.TextChoices):
    """How a notification reaches a person; SMS can join email here."""

    EMAIL = "email", "par courriel"


@dataclass(frozen=True)
class Topic:
    # Dotted and owned by its app, e.g. "pulse.alerts_digest".
    name: str
    # French, as the person reads it on the preferences page and in digests.
    label: str
    default: Frequency = Frequency.IMMEDIATELY
    # False for messages a person cannot refuse (they get no unsubscribe link).
    optional: bool = True
    # Who may receive it (e.g. officials only); None: anybody. Checked again at send time.
    audience: Callable[[Any], bool] | None = None
    # Where to read more (a path on this site), shown under the kind's items in a digest.
    link: Callable[[], str] | None = None
    # Queues the kind's items that are due; the digest job calls it before it sends.
    gather: Callable[[dt.datetime], None] | None = None
    # Told the keys of the kind's items that went out (e.g. to mark them as emailed).
    on_sent: Callable[[list[str], dt.datetime], None] | None = None

    def choices(self) -> list[tuple[str, str]]:
        return [
            (value, label)
            for value, label in Frequency.choices
            if self.optional or value != Frequency.NEVER
        ]

    def accepts(self, user: Any) -> bool:
        """True if `user` (an account; None for a bare address) may receive this kind."""
        if self.audience is None:
            return True
        return user is not None and bool(self.audience(user))


_topics: dict[str, Topic] = {}


def declare(topic: Topic) -> Topic:
    """Declare a kind of notification; a name is declared once (a second one is a bug)."""
    if topic.name in _topics:
        raise ValueError(f"the notification topic {topic.name!r} is already declared")
    _topics[topic.name] = topic
    return topic


def topic(name: str) -> Topic:
    try:
        return _topics[name]
    except KeyError:
        raise LookupError(f"{name} is not a declared notification topic") from None


def topics() -> list[Topic]:
    return [_topics[name] for name in sorted(_topics)]
