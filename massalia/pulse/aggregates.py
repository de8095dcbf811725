"""Daily aggregates (`DailySignal` rows): the counts the dashboard and the alerts read, one row
per day × cell.

A cell is topic × quartier × arrondissement × channel. `rebuild(days)` replaces whole days
from the enriched messages (so it may run any number of times), with one grouped query per
batch of days; the day is the local date (settings.TIME_ZONE) of publication. Messages are
deleted after PULSE_RETENTION_DAYS but their days' aggregates are kept: days older than the
retention cutoff are left alone unless `force=True`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from massalia.pulse.models import DailySignal, Message, Sentiment

DAYS_PER_QUERY = 31


def retention_cutoff(today: date | None = None) -> date:
    """The oldest day whose messages are all still kept."""
    today = today or timezone.localdate()
    return today - timedelta(days=settings.PULSE_RETENTION_DAYS - 1)


def rebuild(days: Iterable[date], *, force: bool = False) -> int:
    """Recount `days` from their enriched messages; returns the number of rows written."""
    cutoff = retention_cutoff()
    wanted = sorted({day for day in days if force or day >= cutoff})
    written = 0
    for start in range(0, len(wanted), DAYS_PER_QUERY):
        written += _rebuild_batch(wanted[start : start + DAYS_PER_QUERY])
    return written


def _rebuild_batch(days: list[date]) -> int:
    rows = [_signal(row) for row in _grouped(days)]
    with transaction.atomic():
        DailySignal.objects.filter(day__in=days).delete()
        DailySignal.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _grouped(days: list[date]) -> Iterable[dict[str, Any]]:
    """One row per (day, topic, quartier, arrondissement, channel) over the given days."""
    tz = timezone.get_current_timezone()
    wanted = set(days)
    # A range on published_at (indexed), then the exact local days in the database.
    start = timezone.make_aware(datetime.combine(days[0], time.min), tz)
    end = timezone.make_aware(datetime.combine(days[-1] + timedelta(days=1), time.min), tz)
    rows = (
        Message.objects.enriched()
        .filter(published_at__gte=start, published_at__lt=end)
        .annotate(day=TruncDate("published_at", tzinfo=tz))
        .filter(day__in=days)
        .order_by()
        .values("day", "topic_id", "quartier_id", "arrondissement_id", "channel")
        .annotate(
            n=Count("id"),
            negative=Count("id", filter=Q(sentiment=Sentiment.NEGATIVE)),
            neutral=Count("id", filter=Q(sentiment=Sentiment.NEUTRAL)),
            positive=Count("id", filter=Q(sentiment=Sentiment.POSITIVE)),
            total=Sum("sentiment_score"),
        )
    )
    return (row for row in rows if row["day"] in wanted)


def _signal(row: dict[str, Any]) -> DailySignal:
    return DailySignal(
        day=row["day"],
        topic_id=row["topic_id"],
        quartier_id=row["quartier_id"],
        arrondissement_id=row["arrondissement_id"],
        channel=row["channel"],
        messages=row["n"],
        negative=row["negative"],
        neutral=row["neutral"],
        positive=row["positive"],
        sentiment_sum=float(row["total"] or 0.0),
    )
