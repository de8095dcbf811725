"""The readings' monthly partitions on PostgreSQL (nothing to do elsewhere).

Migration 0001 creates `connected_reading` partitioned by range of `time` with a default
partition, so an insert never fails for want of a partition. `prepare(months)` adds a month's
partition, moving the rows the default partition already holds for it (late or back-filled
readings) in the same transaction; `drop_before(cutoff)` drops the partitions wholly older
than the cutoff — retention by whole months costs no row-by-row delete. Months are UTC months.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from django.db import connection, transaction

PARENT = "connected_reading"
DEFAULT = "connected_reading_default"


def partitioned() -> bool:
    return connection.vendor == "postgresql"


def name(month: date) -> str:
    return f"{PARENT}_{month:%Y%m}"


def _bounds(month: date) -> tuple[datetime, datetime]:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return (
        datetime(month.year, month.month, 1, tzinfo=UTC),
        datetime(following.year, following.month, 1, tzinfo=UTC),
    )


def existing() -> set[str]:
    """The names of the monthly partitions (not the default one)."""
    if not partitioned():
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = %s",
            [PARENT],
        )
        return {row[0] for row in cursor.fetchall()} - {DEFAULT}


def prepare(months: Iterable[date]) -> list[str]:
    """Create the missing partitions of these months (first days); their names."""
    if not partitioned():
        return []
    made = []
    have = existing()
    for month in sorted({m.replace(day=1) for m in months}):
        table = name(month)
        if table in have:
            continue
        lo, hi = _bounds(month)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f'CREATE TABLE "{table}" (LIKE {PARENT} INCLUDING DEFAULTS)')
            cursor.execute(
                f"WITH moved AS (DELETE FROM {DEFAULT} WHERE time >= %s AND time < %s "
                f'RETURNING *) INSERT INTO "{table}" SELECT * FROM moved',
                [lo, hi],
            )
            cursor.execute(
                f'ALTER TABLE {PARENT} ATTACH PARTITION "{table}" FOR VALUES FROM (%s) TO (%s)',
                [lo, hi],
            )
        made.append(table)
    return made


def drop_before(cutoff: datetime) -> list[str]:
    """Drop the monthly partitions that end at or before `cutoff`; their names."""
    if not partitioned():
        return []
    dropped = []
    for table in sorted(existing()):
        month = date(int(table[-6:-2]), int(table[-2:]), 1)
        if _bounds(month)[1] <= cutoff:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP TABLE "{table}"')
            dropped.append(table)
    return dropped
