"""Reading the timetable: a stop's calls and a feed's services, for `departures`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Min

from massalia.transit import departures
from massalia.transit.departures import Call, Departure, Services
from massalia.transit.models import Calendar, CalendarDate, Feed, Frequency, Stop, StopTime


def current_feed() -> Feed | None:
    """The feed most recently imported (the network's timetable in force)."""
    return Feed.objects.exclude(imported_at=None).order_by("-imported_at").first()


def find_stop(gtfs_id: str, feed: Feed | None = None) -> Stop | None:
    feed = feed or current_feed()
    if feed is None:
        return None
    return Stop.objects.filter(feed=feed, gtfs_id=gtfs_id).select_related("feed").first()


def calls(stops: Iterable[Stop] | Stop) -> dict[int, list[Call]]:
    """The departures' calls of each stop: every passage but a trip's last one (where it only
    arrives) and those where no one may board."""
    chosen = [stops] if isinstance(stops, Stop) else list(stops)
    ids = [stop.pk for stop in chosen]
    rows = [
        row
        for row in StopTime.objects.filter(stop_id__in=ids, no_pickup=False).values_list(
            "stop_id",
            "departure",
            "sequence",
            "trip__last_sequence",
            "headsign",
            "trip__gtfs_id",
            "trip__service_id",
            "trip__headsign",
            "trip__direction",
            "trip__route__gtfs_id",
            "trip__route__short_name",
            "trip__route__long_name",
            "trip_id",
        )
        if row[3] is not None and row[2] < row[3]
    ]
    feeds = {stop.feed_id for stop in chosen}
    by_frequency = Frequency.objects.filter(trip__feed_id__in=feeds).exists()
    runs = _frequencies({row[-1] for row in rows}) if by_frequency else {}
    found: dict[int, list[Call]] = {pk: [] for pk in ids}
    for stop, dep, seq, _, here, trip, service, headsign, direction, rid, short, long, pk in rows:
        call = Call(
            departure=dep,
            trip_id=trip,
            service_id=service,
            route=short or long or rid,
            headsign=here or headsign,
            direction=direction,
            route_id=rid,
            sequence=seq,
        )
        if pk in runs:
            found[stop] += repeated(call, *runs[pk])
        else:
            found[stop].append(call)
    return found


def _frequencies(trips: set[int]) -> dict[int, tuple[int, list[tuple[int, int, int]]]]:
    """For the trips run by frequency among `trips`: their pattern's first time and their
    windows (start, end, headway)."""
    windows: dict[int, list[tuple[int, int, int]]] = {}
    rows = Frequency.objects.filter(trip_id__in=trips).values_list(
        "trip_id", "start", "end", "headway"
    )
    for trip, start, end, headway in rows:
        windows.setdefault(trip, []).append((start, end, headway))
    if not windows:
        return {}
    first = dict(
        StopTime.objects.filter(trip_id__in=windows)
        .values("trip_id")
        .annotate(first=Min("departure"))
        .values_list("trip_id", "first")
    )
    return {trip: (first[trip], found) for trip, found in windows.items() if trip in first}


def repeated(call: Call, first: int, windows: list[tuple[int, int, int]]) -> list[Call]:
    """A frequency trip's call at each of its runs: a run leaves its first stop at `start`,
    `start + headway`, … before `end`, and reaches this stop as long after as the pattern."""
    offset = call.departure - first
    return [
        replace(call, departure=leaves + offset)
        for start, end, headway in windows
        for leaves in range(start, end, headway)
    ]


def services(feed: Feed) -> Services:
    found = Services()
    for service, weekdays, start, end in Calendar.objects.filter(feed=feed).values_list(
        "service_id", "weekdays", "start_date", "end_date"
    ):
        found.weekly[service] = (weekdays, start, end)
    for service, day, kind in CalendarDate.objects.filter(feed=feed).values_list(
        "service_id", "date", "exception"
    ):
        target = found.added if kind == CalendarDate.Kind.ADDED else found.removed
        target.add((service, day))
    return found


def zone(feed: Feed) -> ZoneInfo:
    return ZoneInfo(feed.timezone)


def next_departures(stop: Stop, *, at: datetime, limit: int = 10) -> list[Departure]:
    """The stop's next `limit` departures from the timetable."""
    feed = stop.feed
    return departures.next_departures(
        calls(stop)[stop.pk], services(feed), at=at, zone=zone(feed), limit=limit
    )


@dataclass(frozen=True)
class Line:
    """One line in one direction at a stop, with its next departures."""

    route: str
    headsign: str
    departures: list[Departure]


def by_line(found: list[Departure], per_line: int = 3) -> list[Line]:
    """The departures grouped by line and direction (its headsign), each keeping its first
    `per_line`, lines in the order their next departure comes."""
    groups: dict[tuple[str, str], list[Departure]] = {}
    for departure in found:
        key = (departure.route, departure.headsign)
        group = groups.setdefault(key, [])
        if len(group) < per_line:
            group.append(departure)
    return [Line(route, headsign, items) for (route, headsign), items in groups.items()]


def stops_with_lines(feed: Feed) -> list[tuple[Stop, list[str]]]:
    """The network's stops, each with the lines that call there (by their short names)."""
    served: dict[int, set[str]] = {}
    rows = (
        StopTime.objects.filter(stop__feed=feed)
        .values_list("stop_id", "trip__route__short_name", "trip__route__gtfs_id")
        .distinct()
    )
    for stop, short, route_id in rows:
        served.setdefault(stop, set()).add(short or route_id)
    stops = Stop.objects.filter(feed=feed).select_related("quartier", "feed")
    return [(stop, sorted(served.get(stop.pk, ()), key=_line_order)) for stop in stops]


def _line_order(name: str) -> tuple[int, str]:
    digits = "".join(c for c in name if c.isdigit())
    return (int(digits) if digits and name.isdigit() else 10_000, name)
