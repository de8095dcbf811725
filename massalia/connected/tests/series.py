"""Hand-made meter series: hourly flows become index readings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from massalia.connected.water import Reading

PARIS = ZoneInfo("Europe/Paris")


def at(text: str) -> datetime:
    """A local (Paris) time from 'YYYY-MM-DD HH:MM'."""
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


def hourly(
    start: str, flows: Iterable[float], *, meter: str = "M1", index: float = 1000.0
) -> list[Reading]:
    """Readings every hour from `start` (local), the index growing by each hour's flow; one
    reading more than flows (the index at the start, then after each hour)."""
    when = at(start).astimezone(UTC)  # real hours, whatever the local clock does
    readings = [Reading(meter, when, index)]
    for flow in flows:
        when += timedelta(hours=1)
        index += flow
        readings.append(Reading(meter, when, index))
    return readings


def household_day() -> list[float]:
    """A day of a household without a leak: quiet at night, water used morning and evening."""
    return [0, 0, 0, 0, 0, 0, 12, 35, 8, 0, 0, 5, 10, 0, 0, 0, 0, 3, 20, 15, 30, 6, 0, 0]
