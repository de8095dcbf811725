"""The pulse's kind of notification: the officials' digest of alerts (massalia.core.notifications).

Officials opt in from the dashboard (or their notification choices); the digest job gathers
the alerts raised since, so that each reaches each official once, and drops those already seen.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from massalia.core.notifications import Frequency, Topic, declare
from massalia.core.notifications.services import preference
from massalia.core.permissions import can

ALERTS_DIGEST = "pulse.alerts_digest"


def is_subscribed(user: Any) -> bool:
    """True if `user` receives the alert digest (at any frequency)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return preference(kind=ALERTS_DIGEST, to=user) != Frequency.NEVER


def _gather(now: dt.datetime) -> None:
    from massalia.pulse.alerts import queue_digest

    queue_digest(now)


def _emailed(keys: list[str], now: dt.datetime) -> None:
    from massalia.pulse.alerts import mark_emailed

    mark_emailed(keys, now)


def _officials(user: Any) -> bool:
    return can(user, "pulse.subscribe_digest")


declare(
    Topic(
        name=ALERTS_DIGEST,
        label="Alertes du baromètre",
        default=Frequency.NEVER,
        audience=_officials,
        link=lambda: reverse("pulse:dashboard"),
        gather=_gather,
        on_sent=_emailed,
    )
)
