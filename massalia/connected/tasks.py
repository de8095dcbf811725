"""The connected city's scheduled work (settings.SCHEDULE)."""

from __future__ import annotations

import base64
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from massalia.connected import partitions, watch
from massalia.connected.models import Reading
from massalia.core.tasks import defer, task


@task
def review_meters() -> int:
    """Send the water meters that received readings to the workers, in batches of
    `watch.BATCH` (`review_batch`: suspicions, cases, warnings); the meters sent."""
    meters = watch.pending()
    for start in range(0, len(meters), watch.BATCH):
        defer(review_batch, meters=meters[start : start + watch.BATCH])
    return len(meters)


@task
def review_batch(*, meters: list[int]) -> int:
    """Claim and review a batch of water meters (those another worker holds are skipped)."""
    return watch.review_batch(meters)


@task
def ingest_mqtt_message(*, pattern: str, topic: str, payload: str) -> int:
    """One MQTT message relayed by `massalia mqttingest --relay` (payload in base64, so the
    task's arguments stay JSON for Celery); the readings stored."""
    from massalia.connected import mqtt

    return mqtt.handle(pattern, topic, base64.b64decode(payload)).stored


@task
def prepare_partitions() -> list[str]:
    """This month's and the next two months' partitions of the readings (PostgreSQL)."""
    today = timezone.now().date().replace(day=1)
    months = [today]
    for _ in range(2):
        months.append((months[-1] + timedelta(days=32)).replace(day=1))
    return partitions.prepare(months)


@task
def expire_readings() -> int:
    """Delete the raw readings older than CONNECTED_READINGS_RETENTION_DAYS (their daily
    aggregates stay): whole monthly partitions dropped on PostgreSQL, rows deleted otherwise."""
    cutoff = timezone.now() - timedelta(days=settings.CONNECTED_READINGS_RETENTION_DAYS)
    partitions.drop_before(cutoff)
    deleted, _ = Reading.objects.filter(time__lt=cutoff).delete()
    return deleted


def months_between(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months
