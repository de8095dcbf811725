"""The next departures from a stop, from its timetable alone (no database here).

GTFS counts a trip's times from its service day's "noon minus twelve hours" in the agency's
zone (midnight, except on the days clocks change), and a trip that runs past midnight keeps
counting (25:10:00 is ten past one the next morning). So a departure at a given instant may
belong to today's service or yesterday's (or earlier, for times past 48:00): the search starts
as many service days back as the latest time of the stop needs, and goes forward day by day
until the next `limit` departures are known, whatever their service day.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

DAY = 86_400
# How far ahead a search goes looking for departures (a stop served only on some days).
HORIZON_DAYS = 31


@dataclass(frozen=True)
class Call:
    """A trip's passage at the stop, at `departure` seconds of its service day."""

    departure: int
    trip_id: str
    service_id: str
    route: str
    headsign: str
    direction: int | None = None
    route_id: str = ""
    sequence: int = 0


@dataclass(frozen=True)
class Departure:
    route: str
    headsign: str
    time: datetime  # the timetable's, in the agency's zone
    trip_id: str
    service_day: date
    direction: int | None = None
    route_id: str = ""
    sequence: int = 0
    delay: int | None = None  # seconds, when a realtime feed said so
    cancelled: bool = False  # a realtime feed said the trip does not run

    @property
    def delay_minutes(self) -> int | None:
        """The delay in whole minutes (negative: early), as a shelter's display rounds it."""
        return None if self.delay is None else round(self.delay / 60)

    @property
    def early_minutes(self) -> int:
        return -(self.delay_minutes or 0)

    @property
    def expected(self) -> datetime:
        """The time the realtime feed expects (the timetable's when it says nothing)."""
        return self.time + timedelta(seconds=self.delay or 0)


@dataclass
class Services:
    """Which services run on which day: calendar weekdays between two dates, with the
    calendar_dates exceptions (added or removed days) taking precedence."""

    weekly: dict[str, tuple[str, date, date]] = field(default_factory=dict)
    added: set[tuple[str, date]] = field(default_factory=set)
    removed: set[tuple[str, date]] = field(default_factory=set)

    def runs(self, service_id: str, day: date) -> bool:
        key = (service_id, day)
        if key in self.removed:
            return False
        if key in self.added:
            return True
        found = self.weekly.get(service_id)
        if found is None:
            return False
        weekdays, start, end = found
        return start <= day <= end and weekdays[day.weekday()] == "1"


def day_origin(day: date, zone: ZoneInfo) -> datetime:
    """The instant a service day's times count from: noon minus twelve hours, in UTC."""
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=zone)
    return noon.astimezone(UTC) - timedelta(hours=12)


def next_departures(
    calls: Iterable[Call],
    services: Services,
    *,
    at: datetime,
    zone: ZoneInfo,
    limit: int = 10,
) -> list[Departure]:
    """The first `limit` departures at or after the minute of `at` (an aware datetime, any
    offset), in time order, given in `zone`. `calls` are the stop's passages that are
    departures (a trip's last stop, where it only arrives, left out by the caller)."""
    if at.tzinfo is None:
        raise ValueError("at must be an aware datetime")
    ordered = sorted(calls, key=lambda call: call.departure)
    if not ordered or limit <= 0:
        return []
    times = [call.departure for call in ordered]
    threshold = at.replace(second=0, microsecond=0).astimezone(UTC)
    local_day = threshold.astimezone(zone).date()
    back = times[-1] // DAY + 1
    found: list[Departure] = []
    for offset in range(-back, HORIZON_DAYS + 1):
        day = local_day + timedelta(days=offset)
        origin = day_origin(day, zone)
        if len(found) >= limit and origin + timedelta(seconds=times[0]) > found[limit - 1].time:
            break
        first = max(0, int((threshold - origin).total_seconds()))
        today: list[Departure] = []
        for call in ordered[bisect.bisect_left(times, first) :]:
            if len(today) >= limit:
                break  # the day's calls come in time order: its first `limit` are enough
            if services.runs(call.service_id, day):
                today.append(_departure(call, day, origin, zone))
        found += today
        found.sort(key=lambda d: (d.time, d.route, d.headsign, d.trip_id))
        del found[limit:]
    return found


def _departure(call: Call, day: date, origin: datetime, zone: ZoneInfo) -> Departure:
    return Departure(
        route=call.route,
        headsign=call.headsign,
        time=(origin + timedelta(seconds=call.departure)).astimezone(zone),
        trip_id=call.trip_id,
        service_day=day,
        direction=call.direction,
        route_id=call.route_id,
        sequence=call.sequence,
    )
