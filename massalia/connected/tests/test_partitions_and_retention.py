"""Monthly partitions on PostgreSQL (rows already in the default partition move in); raw
readings expire, their daily aggregates stay."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from massalia.connected import partitions, tasks, watch
from massalia.connected.ingest import Incoming, receive
from massalia.connected.models import DailyAggregate, Reading

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="partitions exist on PostgreSQL only"
)


def send(meter, times, start=1000.0):
    items = [
        Incoming(i, meter.identifier, t.isoformat(), start + 10 * i) for i, t in enumerate(times)
    ]
    return receive(items, channel="file")


def rows_in(table):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        return cursor.fetchone()[0]


@postgresql_only
def test_a_month_partition_takes_the_rows_the_default_held(water):
    month = (timezone.now() - timedelta(days=40)).date().replace(day=1)
    first = datetime(month.year, month.month, 2, tzinfo=UTC)
    send(water.meter, [first + timedelta(hours=h) for h in range(5)])
    assert rows_in(partitions.DEFAULT) == 5
    assert partitions.prepare([month]) == [partitions.name(month)]
    assert rows_in(partitions.name(month)) == 5
    assert rows_in(partitions.DEFAULT) == 0
    assert partitions.prepare([month]) == []  # already there
    again = send(water.meter, [first + timedelta(hours=h) for h in range(6)])
    assert (again.stored, again.duplicates) == (1, 5)  # the key holds across partitions


@postgresql_only
def test_the_schedule_prepares_the_coming_months():
    made = tasks.prepare_partitions()
    assert len(made) == 3
    assert set(made) <= partitions.existing()


def test_elsewhere_the_table_is_plain():
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL partitions")
    assert partitions.prepare([date(2025, 1, 1)]) == []


def test_old_readings_expire_and_their_days_stay(water, settings):
    settings.CONNECTED_READINGS_RETENTION_DAYS = 30
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    start = now - timedelta(days=20)
    send(water.meter, [start + timedelta(hours=h) for h in range(24 * 19)])
    watch.review(water.meter)
    kept_days = DailyAggregate.objects.filter(device=water.meter).count()
    assert kept_days >= 17
    settings.CONNECTED_READINGS_RETENTION_DAYS = 10
    deleted = tasks.expire_readings()
    assert deleted > 0
    oldest = Reading.objects.order_by("time").first()
    assert oldest.time >= now - timedelta(days=10)
    assert DailyAggregate.objects.filter(device=water.meter).count() == kept_days


def test_deleting_a_device_deletes_its_readings(water):
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    send(water.meter, [now - timedelta(hours=h) for h in range(3)])
    water.meter.delete()
    assert Reading.objects.count() == 0
