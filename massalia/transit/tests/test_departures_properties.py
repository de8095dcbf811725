"""The departure search agrees with the plain way (every call of every day around the instant
turned into a datetime, filtered, sorted) on drawn timetables, calendars and instants."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from massalia.transit.departures import Call, Services, day_origin, next_departures

PARIS = ZoneInfo("Europe/Paris")
FIRST_DAY = date(2026, 3, 20)  # the spring clock change falls within the days drawn

calls = st.lists(
    st.builds(
        Call,
        departure=st.integers(0, 50 * 3600),
        trip_id=st.text("abc", min_size=1, max_size=3),
        service_id=st.sampled_from(["A", "B"]),
        route=st.sampled_from(["83", "B1"]),
        headsign=st.just("Prado"),
    ),
    max_size=30,
)
weekdays = st.text("01", min_size=7, max_size=7)
days = st.integers(0, 20).map(lambda n: FIRST_DAY + timedelta(days=n))
services = st.builds(
    lambda a, b, added, removed: Services(
        weekly={
            "A": (a, FIRST_DAY, FIRST_DAY + timedelta(days=12)),
            "B": (b, FIRST_DAY, FIRST_DAY),
        },
        added={(s, d) for s, d in added},
        removed={(s, d) for s, d in removed},
    ),
    weekdays,
    weekdays,
    st.lists(st.tuples(st.sampled_from(["A", "B"]), days), max_size=3),
    st.lists(st.tuples(st.sampled_from(["A", "B"]), days), max_size=3),
)
instants = st.integers(0, 18 * 24 * 60).map(
    lambda minutes: datetime(2026, 3, 21, tzinfo=UTC) + timedelta(minutes=minutes, seconds=17)
)


def plain(found_calls: list[Call], runs: Services, at: datetime, limit: int) -> list[tuple]:
    threshold = at.replace(second=0, microsecond=0)
    local = threshold.astimezone(PARIS).date()
    out = []
    for offset in range(-3, 40):
        day = local + timedelta(days=offset)
        origin = day_origin(day, PARIS)
        for call in found_calls:
            when = origin + timedelta(seconds=call.departure)
            if when >= threshold and runs.runs(call.service_id, day):
                out.append((when, call.route, call.headsign, call.trip_id))
    out.sort()
    return out[:limit]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(calls, services, instants, st.integers(1, 12))
def test_the_search_finds_what_the_plain_scan_finds(found_calls, runs, at, limit):
    ours = next_departures(found_calls, runs, at=at, zone=PARIS, limit=limit)
    assert [(d.time, d.route, d.headsign, d.trip_id) for d in ours] == plain(
        found_calls, runs, at, limit
    )
    assert all(d.time.tzinfo is not None and d.time.utcoffset() for d in ours)
