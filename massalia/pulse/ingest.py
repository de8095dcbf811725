"""The one way into the pulse: every channel hands its items to `receive`.

`receive` removes personal data, pseudonymises authors, stores each new item once per source
(a second delivery of the same id changes nothing) and queues the new messages for enrichment.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from massalia.core.tasks import defer
from massalia.core.text import scrub
from massalia.pulse.enrich.pipeline import enrich_messages
from massalia.pulse.enrich.text import pseudonym
from massalia.pulse.models import Channel, Message, Source, Topic

MAX_TEXT = 20_000
# Links are kept only where they lead to a publication, not to a person's account: a toot's
# address names its author, and an import or a mailbox has no public address at all.
LINKED_CHANNELS = {
    Channel.RSS
}  # longer posts are cut: the pulse needs what they are about, not all of it


@dataclass(frozen=True)
class Incoming:
    """One item as a channel delivers it, before any cleaning."""

    external_id: str
    text: str
    published_at: datetime
    author: str = ""  # the handle at the source; pseudonymised on arrival
    url: str = ""
    latitude: float | None = None
    longitude: float | None = None
    # Set by the platform when the citizen chose the topic (a request type, say): topic slug.
    topic: str = ""
    # A private demand: counted, never shown (`Message.is_private`).
    private: bool = False


@dataclass
class Received:
    created: list[int]
    already_known: int = 0
    empty: int = 0
    too_old: int = 0


def retention_cutoff() -> datetime:
    """Messages published before this are not kept (their daily counts are)."""
    return timezone.now() - timedelta(days=settings.PULSE_RETENTION_DAYS)


def platform_source() -> Source:
    source, _ = Source.objects.get_or_create(
        name="Massalia", defaults={"channel": Channel.PLATFORM}
    )
    return source


def receive(
    source: Source, items: Iterable[Incoming], *, enrich: bool = True, history: bool = False
) -> Received:
    """Store the new items of `source`; queue them for enrichment after commit.

    Items older than the retention period are skipped: the purge would delete them again, and
    a feed that still carries an old entry must not bring it back. `history=True` lets an empty
    pulse load its past (the demo), whose daily counts are then rebuilt with `force`.
    """
    result = Received(created=[])
    oldest = None if history else retention_cutoff()
    batch = list(items)
    known = set(
        source.messages.filter(
            external_id__in={item.external_id[:300] for item in batch}
        ).values_list("external_id", flat=True)
    )
    rows: list[Message] = []
    for item in batch:
        external_id = item.external_id[:300]
        if external_id in known:
            result.already_known += 1
            continue
        if oldest is not None and _aware(item.published_at) < oldest:
            result.too_old += 1
            continue
        text = scrub(item.text)[:MAX_TEXT]
        if not text:
            result.empty += 1
            continue
        known.add(external_id)
        rows.append(_message(source, item, external_id, text))
    with transaction.atomic():
        created = Message.objects.bulk_create(rows, batch_size=500)
    # SQLite (3.35+) and PostgreSQL both return the new ids from a bulk insert.
    result.created = [row.pk for row in created]
    if enrich and result.created:
        defer(enrich_messages, ids=result.created)
    return result


def _message(source: Source, item: Incoming, external_id: str, text: str) -> Message:
    return Message(
        source=source,
        channel=source.channel,
        external_id=external_id,
        url=item.url[:500] if source.channel in LINKED_CHANNELS else "",
        author=pseudonym(source.channel, item.author),
        text=text,
        published_at=_aware(item.published_at),
        latitude=_finite(item.latitude),
        longitude=_finite(item.longitude),
        topic=_chosen_topic(item.topic),
        topic_score=1.0 if item.topic else None,
        is_private=item.private,
    )


def _aware(when: datetime) -> datetime:
    return timezone.make_aware(when) if timezone.is_naive(when) else when


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _chosen_topic(slug: str) -> Topic | None:
    return Topic.objects.filter(slug=slug).first() if slug else None
