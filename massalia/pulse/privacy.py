"""The pulse's personal data (RGPD): what a citizen said on the platform, and retention.

Messages hold no name: their text was scrubbed on arrival and their author is a keyed
pseudonym. A platform user's own messages are found again through the pseudonym of their
account (`user:<pk>`, as the platform subscriber writes it): export gives them back, erase
blanks their author (the text stays: it is a public contribution, already anonymous). Every
message, from every channel, is deleted PULSE_RETENTION_DAYS after publication; the daily
signals computed from them are kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from massalia.core.privacy import Counts, PersonalData, Retention, cutoff
from massalia.pulse.enrich.text import pseudonym
from massalia.pulse.models import Channel, Message

DELETE_BATCH = 2000


def own_messages(user: Any) -> Any:
    """The platform messages written by `user` (a queryset)."""
    author = pseudonym(Channel.PLATFORM, f"user:{user.pk}")
    return Message.objects.filter(channel=Channel.PLATFORM, author=author)


def export(user: Any) -> dict[str, Any]:
    messages = own_messages(user).select_related("topic").order_by("published_at", "id")
    return {
        "messages": [
            {
                "published_at": message.published_at.isoformat(),
                "text": message.text,
                "topic": message.topic.name if message.topic else "",
                "reference": message.external_id,
            }
            for message in messages
        ]
    }


def erase(user: Any) -> Counts:
    return {"anonymised_messages": own_messages(user).update(author="")}


def purge(now: datetime, dry_run: bool) -> Counts:
    """Messages published before the retention cutoff; their daily signals and the agents'
    topic corrections (which keep their own text) stay."""
    old = Message.objects.filter(published_at__lt=cutoff(now, "PULSE_RETENTION_DAYS"))
    counts = {"pulse_messages": old.count()}
    if dry_run:
        return counts
    while ids := list(old.values_list("pk", flat=True)[:DELETE_BATCH]):
        Message.objects.filter(pk__in=ids).delete()
    return counts


PERSONAL_DATA = PersonalData(
    name="pulse",
    export=export,
    erase=erase,
    purge=purge,
    sections=("messages",),
    erases=("anonymised_messages",),
    retention={"pulse_messages": Retention("messages du baromètre", "PULSE_RETENTION_DAYS")},
)
