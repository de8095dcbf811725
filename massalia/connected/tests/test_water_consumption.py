"""Index readings become hourly and daily consumption, whatever their order, gaps and resets."""

import random
from datetime import date

import pytest

from massalia.connected.water import Reading, Rules, consumption

from .series import PARIS, at, hourly, household_day


def days(readings, rules=None):
    return {d.day: d for d in consumption(readings, rules).days(PARIS)}


def test_it_sums_each_hour_and_day():
    series = consumption(hourly("2025-03-03 00:00", household_day() * 2))
    assert len(series.hours) == 48
    assert [h.litres for h in series.hours[6:9]] == [12, 35, 8]
    assert all(h.measured for h in series.hours)
    totals = series.days(PARIS)
    assert [(d.day, d.litres) for d in totals] == [
        (date(2025, 3, 3), sum(household_day())),
        (date(2025, 3, 4), sum(household_day())),
    ]


def test_it_reads_rows_in_any_order_and_once_each():
    readings = hourly("2025-03-03 00:00", household_day())
    shuffled = readings[:] + readings[5:9]  # repeated rows, as a gateway resending a batch
    random.Random(4).shuffle(shuffled)
    assert consumption(shuffled).hours == consumption(readings).hours


def test_a_late_row_at_the_same_instant_replaces_the_first():
    readings = hourly("2025-03-03 00:00", [5, 5, 5])
    corrected = Reading("M1", readings[2].time, readings[2].index_litres + 2)
    hours = consumption([*readings, corrected]).hours
    assert [h.litres for h in hours] == [5, 7, 3]


def test_a_gap_keeps_its_volume_but_its_hours_are_only_estimated():
    readings = hourly("2025-03-03 00:00", [10] * 24)
    holed = readings[:6] + readings[12:]  # six hours without readings
    series = consumption(holed)
    assert sum(h.litres for h in series.hours) == pytest.approx(240)
    assert [h.measured for h in series.hours[4:13]] == [True] + [False] * 7 + [True]
    day = days(holed)[date(2025, 3, 3)]
    assert (day.hours, day.estimated_hours) == (24, 7)


def test_a_short_gap_is_spread_and_counted_as_measured():
    readings = hourly("2025-03-03 00:00", [10] * 6)
    holed = readings[:2] + readings[4:]  # two readings missing: three hours between readings
    assert all(h.measured for h in consumption(holed).hours)


def test_a_reset_to_zero_counts_from_zero():
    readings = hourly("2025-03-03 00:00", [10, 10], index=250_000)
    after_reset = hourly("2025-03-03 02:00", [10, 10], index=0)[1:]  # 10 L counted since zero
    series = consumption([*readings, *after_reset])
    assert [h.litres for h in series.hours] == [10, 10, 10, 10]
    assert series.resets == [at("2025-03-03 03:00")]
    assert series.backflows == []


def test_a_rollover_counts_what_was_left_to_the_maximum():
    rules = Rules(register_litres=100_000)
    readings = [
        Reading("M1", at("2025-03-03 00:00"), 99_990),
        Reading("M1", at("2025-03-03 01:00"), 99_998),
        Reading("M1", at("2025-03-03 02:00"), 7),  # 2 L to the maximum, then 7
    ]
    series = consumption(readings, rules)
    assert [h.litres for h in series.hours] == [8, 9]
    assert series.backflows == []


def test_days_follow_the_local_clock_across_the_change_of_hour():
    # 30 March 2025: clocks go from 02:00 to 03:00 in Paris, the day has 23 hours.
    readings = hourly("2025-03-30 00:00", [10] * 24)
    totals = days(readings)
    assert totals[date(2025, 3, 30)].hours == 23
    assert totals[date(2025, 3, 30)].litres == 230
    assert totals[date(2025, 3, 31)].litres == 10


def test_monthly_totals_add_the_days():
    readings = hourly("2025-01-31 00:00", [10] * 48)
    assert consumption(readings).months(PARIS) == [(date(2025, 1, 1), 240), (date(2025, 2, 1), 240)]


def test_naive_times_are_refused():
    from datetime import datetime

    with pytest.raises(ValueError):
        consumption(
            [Reading("M1", datetime(2025, 1, 1), 1), Reading("M1", datetime(2025, 1, 2), 2)]
        )
