"""Bus stops: the next departures of every stop of a network, against baselines in the same run.

Run as `python -m bench.transit OUT.json` (BENCH_TRANSIT_LINES=40, BENCH_TRANSIT_STOPS=22 and
BENCH_TRANSIT_SEED change the network drawn).

The network: lines of 15 to `STOPS` stops drawn from a shared pool (so busy stops are served by
several lines, as in a city centre), both directions, a weekday service every 8 to 20 minutes
from 05:30 to 00:30 (past midnight), a Sunday one every 20 to 30 minutes, two removed and two
added days. It is written with `bulk_create` (the import is not what is measured here; the demo
feed goes through it, and its rate is given once).

For every stop, at two instants (a weekday 08:00, and a weekday 23:50 whose next departures
run past midnight and into the next morning), the ten next departures:

Each way runs on each stop in turn, after an untimed pass (no way gets a cache another
warmed):

- `lookup`: `selectors.next_departures`, what the stop page and `massalia transit departures`
  run (the stop's calls from the database, the feed's services, the pure search);
- baseline `read`: only reading the same stop's rows from the database, nothing computed: the
  floor the lookup stands on;
- `search`: the pure search alone (`departures.next_departures`) on calls already read;
- baseline `scan`: the plain way, every call of every service day from two days back to a week
  ahead turned into a datetime, filtered and sorted; its answers must equal the search's.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bench.common import machine, percentile, setup_django, write_result

LINES = int(os.environ.get("BENCH_TRANSIT_LINES", "40"))
STOPS = int(os.environ.get("BENCH_TRANSIT_STOPS", "22"))
SEED = int(os.environ.get("BENCH_TRANSIT_SEED", "19"))
LIMIT = 10
PARIS = ZoneInfo("Europe/Paris")
WEDNESDAY = date(2026, 12, 2)
PY = ".venv/bin/python -m"


def build(pick: random.Random) -> Any:
    from massalia.transit import gtfs
    from massalia.transit.models import (
        Agency,
        Calendar,
        CalendarDate,
        Feed,
        Route,
        Stop,
        StopTime,
        Trip,
    )

    feed = Feed.objects.create(code="bench", name="Réseau de mesure", imported_at=datetime.now(UTC))
    Agency.objects.create(feed=feed, gtfs_id="A", name="Régie", timezone="Europe/Paris")
    pool = Stop.objects.bulk_create(
        Stop(feed=feed, gtfs_id=f"S{i:04d}", name=f"Arrêt {i}", latitude=43.3, longitude=5.4)
        for i in range(int(LINES * STOPS * 0.6))
    )
    start, end = WEDNESDAY - timedelta(days=60), WEDNESDAY + timedelta(days=300)
    Calendar.objects.bulk_create(
        [
            Calendar(
                feed=feed, service_id="SEM", weekdays="1111110", start_date=start, end_date=end
            ),
            Calendar(
                feed=feed, service_id="DIM", weekdays="0000001", start_date=start, end_date=end
            ),
        ]
    )
    holidays = (WEDNESDAY + timedelta(days=23), WEDNESDAY + timedelta(days=30))
    exceptions = [(s, day, k) for day in holidays for s, k in (("SEM", 2), ("DIM", 1))]
    CalendarDate.objects.bulk_create(
        CalendarDate(feed=feed, service_id=s, date=d, exception=k) for s, d, k in exceptions
    )
    trips: list[Any] = []
    pending: list[tuple[int, list[Any], list[int]]] = []
    for n in range(LINES):
        route = Route.objects.create(feed=feed, gtfs_id=f"L{n}", short_name=str(n + 1))
        path = pick.sample(pool, pick.randint(15, STOPS))
        gaps = [0] + [pick.randint(60, 180) for _ in path[1:]]
        for direction, stops in enumerate((path, path[::-1])):
            ordered_gaps = gaps if direction == 0 else [0, *gaps[1:][::-1]]
            for service, every, first, last in (
                ("SEM", pick.randint(8, 20), 330, 1470),
                ("DIM", pick.randint(20, 30), 420, 1380),
            ):
                for leaves in range(first * 60, last * 60 + 1, every * 60):
                    trip = Trip(feed=feed, gtfs_id=f"T{len(trips)}", route=route,
                                service_id=service, headsign=stops[-1].name,
                                direction=direction)  # fmt: skip
                    trips.append(trip)
                    pending.append((leaves, stops, ordered_gaps))
    Trip.objects.bulk_create(trips, batch_size=2000)
    rows = []
    for trip, (leaves, stops, gaps) in zip(trips, pending, strict=True):
        at = leaves
        for sequence, (stop, gap) in enumerate(zip(stops, gaps, strict=True), start=1):
            at += gap
            rows.append(StopTime(trip=trip, stop=stop, sequence=sequence, arrival=at, departure=at))
    StopTime.objects.bulk_create(rows, batch_size=5000)
    gtfs.mark_terminus(feed)
    return feed


def scan(calls: list[Any], services: Any, at: datetime, zone: ZoneInfo) -> list[Any]:
    """The plain way: every call of every day around `at`, filtered, sorted."""
    from massalia.transit.departures import Departure, day_origin

    threshold = at.replace(second=0, microsecond=0)
    local = threshold.astimezone(zone).date()
    found = []
    for offset in range(-2, 8):
        day = local + timedelta(days=offset)
        origin = day_origin(day, zone)
        for call in calls:
            when = (origin + timedelta(seconds=call.departure)).astimezone(zone)
            if when >= threshold and services.runs(call.service_id, day):
                found.append(Departure(call.route, call.headsign, when, call.trip_id, day,
                                       call.direction, call.route_id, call.sequence))  # fmt: skip
    found.sort(key=lambda d: (d.time, d.route, d.headsign, d.trip_id))
    return found[:LIMIT]


def interleaved(ways: dict[str, Any], stops: list[Any]) -> tuple[dict[str, list[float]], dict]:
    """Each way on each stop in turn (one stop after another, every way on it), so that no way
    is favoured by a cache another warmed; one pass first, untimed, warms them all."""
    for stop in stops:
        for way in ways.values():
            way(stop)
    spent: dict[str, list[float]] = {name: [] for name in ways}
    answers: dict[str, list[Any]] = {name: [] for name in ways}
    for stop in stops:
        for name, way in ways.items():
            started = time.perf_counter()
            answer = way(stop)
            spent[name].append(time.perf_counter() - started)
            answers[name].append(answer)
    return spent, answers


def figures(spent: list[float]) -> dict[str, float]:
    ordered = sorted(spent)
    return {
        "per_second": round(len(spent) / sum(spent)),
        "p50_ms": round(percentile(ordered, 0.5) * 1000, 3),
        "p99_ms": round(percentile(ordered, 0.99) * 1000, 3),
        "total_s": round(sum(spent), 3),
    }


def demo_import_rate() -> dict[str, Any]:
    from massalia.transit import demo

    started = time.perf_counter()
    done = demo.load(today=WEDNESDAY)
    seconds = time.perf_counter() - started
    rows = sum(run.total for run in done.runs)
    return {"rows": rows, "seconds": round(seconds, 2), "rows_per_second": round(rows / seconds)}


def run() -> dict[str, Any]:
    setup_django("transit.sqlite3")
    from massalia.transit import departures, selectors
    from massalia.transit.models import Feed, Stop, StopTime

    Feed.objects.all().delete()
    imported = demo_import_rate()
    Feed.objects.filter(code="rtm").delete()
    feed = build(random.Random(SEED))
    stops = list(
        Stop.objects.filter(feed=feed, stop_times__isnull=False).distinct().select_related("feed")
    )
    zone = selectors.zone(feed)
    services = selectors.services(feed)
    calls = selectors.calls(stops)
    result: dict[str, Any] = {
        "machine": machine(),
        "lines": LINES,
        "stops": len(stops),
        "stop_times": StopTime.objects.filter(trip__feed=feed).count(),
        "limit": LIMIT,
        "demo_import": imported,
        "instants": {},
        "command": f"{PY} bench.transit OUT.json",
    }
    for name, at in (("08:00", datetime(2026, 12, 2, 8, 0, tzinfo=PARIS)),
                     ("23:50", datetime(2026, 12, 2, 23, 50, tzinfo=PARIS))):  # fmt: skip
        ways = {
            "lookup": lambda stop, at=at: selectors.next_departures(stop, at=at, limit=LIMIT),
            "read": lambda stop: list(
                StopTime.objects.filter(stop=stop).values_list("departure", "trip__service_id")
            ),
            "search": lambda stop, at=at: departures.next_departures(
                calls[stop.pk], services, at=at, zone=zone, limit=LIMIT
            ),
            "scan": lambda stop, at=at: scan(calls[stop.pk], services, at, zone),
        }
        spent, answers = interleaved(ways, stops)
        lookup, read, search, plain = (spent[k] for k in ("lookup", "read", "search", "scan"))
        ours, theirs = answers["search"], answers["scan"]
        agree = sum(a == b for a, b in zip(ours, theirs, strict=True)) / len(stops)
        past_midnight = sum(any(d.time.date() > at.date() for d in found) for found in ours)
        result["instants"][name] = {
            "lookup": figures(lookup),
            "read": figures(read),
            "search": figures(search),
            "scan": figures(plain),
            "lookup_vs_read": round(sum(lookup) / sum(read), 2),
            "scan_vs_search": round(sum(plain) / sum(search), 1),
            "agreement": agree,
            "stops_with_departures_after_midnight": past_midnight,
        }
    return result


def markdown(r: dict[str, Any]) -> list[str]:
    title = ["## Bus stops: next departures of every stop", ""]
    if "instants" not in r:
        return [*title, f"Failed: {r.get('error', 'no result')}", ""]
    imp = r["demo_import"]
    lines = [
        *title,
        f"A drawn network of {r['lines']} lines, {r['stops']} stops served, {r['stop_times']:,} "
        f"stop times (SQLite); the {r['limit']} next departures of every stop.",
        "",
        "| at | lookup p50 / p99 ms | read only p50 ms | lookup ÷ read | search p50 ms | "
        "plain scan p50 ms | scan ÷ search | agreement |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, f in r["instants"].items():
        lines.append(
            f"| {name} | {f['lookup']['p50_ms']} / {f['lookup']['p99_ms']} | "
            f"{f['read']['p50_ms']} | "
            f"×{f['lookup_vs_read']} | {f['search']['p50_ms']} | {f['scan']['p50_ms']} | "
            f"×{f['scan_vs_search']} | {f['agreement']:.0%} |"
        )
    lines += [
        "",
        f"Demo feed through the import (`core.imports.Importer`, one savepoint a row): "
        f"{imp['rows']:,} rows in {imp['seconds']} s ({imp['rows_per_second']:,} rows/s).",
        "",
        f"Reproduce: `{r['command']}`.",
        "",
    ]
    return lines


if __name__ == "__main__":
    write_result(sys.argv[1], run(), markdown)
