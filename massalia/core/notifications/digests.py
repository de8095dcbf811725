"""Digests: what waited for a person, sent together, one email per person per period.

A daily period starts every day at NOTIFICATIONS_DIGEST_HOUR (local time), a weekly one on
Mondays at that hour. The first run of the job in a period opens each person's digest for it
(a `Digest` row, unique per person, frequency and period) and sends it; later runs in the same
period find it sent and leave what came since for the next period. A digest that could not be
sent keeps its items and is tried again with backoff, without holding back the others.
"""

from __future__ import annotations

import datetime as dt
import logging
from itertools import groupby
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from massalia.core.notifications import TEXT
from massalia.core.notifications.mail import Person, transmit
from massalia.core.notifications.models import Digest, Notification
from massalia.core.notifications.registry import DIGEST_FREQUENCIES, Frequency, Topic, topics
from massalia.core.notifications.services import failed

log = logging.getLogger(__name__)

PERIOD_NAMES = {Frequency.DAILY: "quotidien", Frequency.WEEKLY: "de la semaine"}


def period_of(frequency: str, now: dt.datetime) -> dt.date:
    """The first day of the period `now` falls in."""
    day = (timezone.localtime(now) - dt.timedelta(hours=settings.NOTIFICATIONS_DIGEST_HOUR)).date()
    if frequency == Frequency.WEEKLY:
        return day - dt.timedelta(days=day.weekday())
    return day


def send_digests(*, now: dt.datetime | None = None) -> int:
    """Gather the kinds' due items, then send every digest that is due; returns how many went.

    Running it twice sends nothing twice.
    """
    now = now or timezone.now()
    declared = {kind.name: kind for kind in topics()}
    for kind in declared.values():
        if kind.gather:
            try:
                kind.gather(now)
            except Exception:  # one app's failure must not stop the others' digests
                log.exception("gathering notifications of %s failed", kind.name)
    for frequency in DIGEST_FREQUENCIES:
        _open(frequency, now)
    due = Digest.objects.filter(state=Digest.State.PENDING, next_attempt_at__lte=now)
    return sum(
        _send(digest_id, declared, now) for digest_id in list(due.values_list("id", flat=True))
    )


def _open(frequency: str, now: dt.datetime) -> None:
    """Put each person's waiting items in their digest of the current period, if unsent."""
    period = period_of(frequency, now)
    waiting = Notification.objects.filter(
        state=Notification.State.QUEUED,
        frequency=frequency,
        digest__isnull=True,
    )
    people = [
        Person(user_id=user_id, email="")
        for user_id in waiting.filter(user__isnull=False)
        .values_list("user_id", flat=True)
        .distinct()
    ] + [
        Person(user_id=None, email=email)
        for email in waiting.filter(user__isnull=True).values_list("email", flat=True).distinct()
    ]
    for person in people:
        who: dict[str, Any] = (
            {"user_id": person.user_id} if person.user_id else {"user": None, "email": person.email}
        )
        with transaction.atomic():
            digest, _ = Digest.objects.get_or_create(
                frequency=frequency, period=period, **who, defaults={"next_attempt_at": now}
            )
            if digest.state == Digest.State.PENDING:
                waiting.filter(**person.rows()).update(digest=digest)


def _send(digest_id: int, declared: dict[str, Topic], now: dt.datetime) -> int:
    with transaction.atomic():
        digest = (
            Digest.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(pk=digest_id, state=Digest.State.PENDING)
            .first()
        )
        if digest is None:
            return 0  # sent meanwhile, or another worker holds it
        user = digest.user
        items = list(
            digest.items.filter(state=Notification.State.QUEUED).order_by("created_at", "id")
        )
        kept = [i for i in items if i.topic in declared and declared[i.topic].accepts(user)]
        address = user.email if user is not None else digest.email
        dropped = [i.pk for i in items if i not in kept or not address]
        Notification.objects.filter(pk__in=dropped).update(state=Notification.State.WITHDRAWN)
        if not address or not kept:
            digest.delete()  # nothing to say: the period stays open for later items
            return 0
        person = Person(user_id=digest.user_id, email=digest.email)
        subject, body = _render(digest, kept, declared)
        optional = sorted({i.topic for i in kept if declared[i.topic].optional})
        digest.attempts += 1
        try:
            transmit(to=address, subject=subject, body=body, person=person, topics=optional)
        except Exception as exc:  # one bad address must not stop the others
            failed(digest, exc, now)
            digest.save(update_fields=["attempts", "last_error", "next_attempt_at", "state"])
            return 0
        digest.state = Digest.State.SENT
        digest.sent_at = now
        digest.save(update_fields=["attempts", "state", "sent_at"])
        Notification.objects.filter(pk__in=[i.pk for i in kept]).update(
            state=Notification.State.SENT, sent_at=now
        )
    for name, group in groupby(sorted(kept, key=lambda i: i.topic), key=lambda i: i.topic):
        on_sent = declared[name].on_sent
        if on_sent:
            on_sent([i.key for i in group], now)
    return 1


def _render(
    digest: Digest, items: list[Notification], declared: dict[str, Topic]
) -> tuple[str, str]:
    by_kind: dict[str, list[Notification]] = {}
    for item in items:
        by_kind.setdefault(item.topic, []).append(item)
    sections = []
    for name in sorted(by_kind, key=lambda name: declared[name].label):
        link = declared[name].link
        sections.append(
            {
                "label": declared[name].label,
                "items": [item.digest_text for item in by_kind[name]],
                "link": f"{settings.SITE_URL}{link()}" if link else "",
            }
        )
    user = digest.user
    context = {
        "site_url": settings.SITE_URL,
        "city_name": settings.CITY_NAME,
        "name": (getattr(user, "display_name", "") or user.get_username()) if user else "",
        "period": PERIOD_NAMES[Frequency(digest.frequency)],
        "sections": sections,
        "count": len(items),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("notifications/digest.subject.txt", context, using=TEXT)
        body = render_to_string("notifications/digest.txt", context, using=TEXT)
    return " ".join(subject.split()), body.strip() + "\n"
