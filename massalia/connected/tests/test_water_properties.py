"""Properties of the detection on drawn series: it never fails, its episodes are well formed,
and the volume of a series is kept whatever the order, gaps and duplicates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from massalia.connected.water import Reading, consumption, detect

START = datetime(2025, 3, 1, tzinfo=UTC)

minutes = st.integers(min_value=0, max_value=60 * 24 * 40)
readings = st.lists(
    st.tuples(minutes, st.floats(min_value=0, max_value=1e9, allow_nan=False)),
    min_size=0,
    max_size=200,
)


def as_readings(rows, meter="M"):
    return [Reading(meter, START + timedelta(minutes=m), v) for m, v in rows]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(readings)
def test_any_series_gives_well_formed_episodes(rows):
    for episode in detect(as_readings(rows)):
        assert episode.start <= episode.end
        assert episode.litres >= 0


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    st.lists(st.tuples(minutes, st.floats(min_value=0, max_value=500)), min_size=2, max_size=200)
)
def test_a_growing_index_keeps_its_volume_in_any_order(steps):
    # Distinct times, an index that only grows: the hours hold exactly what the index gained.
    times = sorted({m for m, _ in steps})
    if len(times) < 2:
        return
    index, rows = 0.0, []
    for moment, (_, gain) in zip(times, steps, strict=False):
        index += gain
        rows.append((moment, index))
    shuffled = list(reversed(rows)) + rows[: len(rows) // 2]  # out of order, some twice
    hours = consumption(as_readings(shuffled)).hours
    assert sum(h.litres for h in hours) == pytest.approx(rows[-1][1] - rows[0][1], abs=1e-6)


@settings(max_examples=150, deadline=None, derandomize=True)
@example([(1_800_000_005, 1.0), (1_800_000_010, 3.0), (1_800_000_020, 2.0), (4_000_000_000, 9)])
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=10**10), st.floats(min_value=0, max_value=1e6)
        ),
        min_size=0,
        max_size=50,
    )
)
def test_readings_microseconds_apart_are_no_trouble(rows):
    # Times to the microsecond within three hours: many fall in one second.
    drawn = [Reading("M", START + timedelta(microseconds=us), v) for us, v in rows]
    for episode in detect(drawn):
        assert episode.start <= episode.end
