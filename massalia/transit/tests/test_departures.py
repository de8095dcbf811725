"""The next departures from the timetable: around midnight, on calendar exceptions, at a
trip's last stop, from an instant in any offset, through the command as it prints them."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from django.core.management import call_command

from massalia.transit import selectors

pytestmark = pytest.mark.django_db


def departures(stop: str, at: str, limit: int = 4) -> list[list[str]]:
    out = io.StringIO()
    call_command("transit", "departures", "--stop", stop, "--at", at, "--limit", str(limit),
                 stdout=out)  # fmt: skip
    lines = out.getvalue().splitlines()
    assert lines[0] == "route,headsign,departure"
    return [line.split(",") for line in lines[1:]]


def times(stop: str, at: str, limit: int = 4) -> list[str]:
    return [row[2] for row in departures(stop, at, limit)]


def test_a_departure_at_the_given_minute_counts(network):
    # 08:00:59 is still the minute of the 08:00 bus.
    assert times("VPT", "2026-12-02T08:00:59+01:00", 1) == ["2026-12-02T08:00:00+01:00"]
    assert times("VPT", "2026-12-02T08:01:00+01:00", 1) == ["2026-12-02T23:50:00+01:00"]


def test_at_is_read_in_any_offset_and_printed_in_the_agency_zone(network):
    same = ["2026-12-02T08:06:00+01:00", "2026-12-02T09:09:00+01:00"]
    assert times("CGA", "2026-12-02T07:00:00Z", 2) == same
    assert times("CGA", "2026-12-02T02:00:00-05:00", 2) == same
    assert times("CGA", "2026-12-02T10:30:00+03:30", 2) == same


def test_yesterdays_trip_past_midnight_is_included(network):
    # At 00:01 on Thursday the 24:05:00 call of Wednesday's late trip is still to come.
    rows = departures("CGA", "2026-12-03T00:01:00+01:00", 2)
    assert rows[0] == ["81", "Cinq Avenues", "2026-12-03T00:05:00+01:00"]
    assert rows[1][2] == "2026-12-03T08:06:00+01:00"


def test_a_late_query_continues_into_the_next_morning(network):
    found = times("CGA", "2026-12-04T23:00:00+01:00", 3)  # Friday night, then the weekend
    assert found == [
        "2026-12-05T00:05:00+01:00",  # Friday's late trip
        "2026-12-07T08:06:00+01:00",  # Monday
        "2026-12-07T09:09:00+01:00",
    ]


def test_calendar_exceptions_remove_and_add_days(network):
    rows = departures("CGA", "2026-12-25T00:10:00+01:00", 3)
    assert [row[2] for row in rows] == [
        "2026-12-25T10:06:00+01:00",  # the holiday service, added for the day
        "2026-12-28T08:06:00+01:00",  # the weekday service, removed on Christmas
        "2026-12-28T09:09:00+01:00",
    ]


def test_the_last_stop_of_a_trip_is_an_arrival_not_a_departure(network):
    # Only the return trip ends at Vieux-Port (09:20): it is never listed there.
    rows = departures("VPT", "2026-12-02T09:00:00+01:00", 3)
    assert all(row[1] == "Cinq Avenues" for row in rows)
    assert "2026-12-02T09:20:00+01:00" not in [row[2] for row in rows]
    assert times("CAV", "2026-12-02T08:30:00+01:00", 1) == ["2026-12-02T09:00:00+01:00"]


def test_daylight_saving_day_counts_from_noon_minus_twelve_hours(network):
    # Clocks go back on Sunday 25 October 2026: the 08:00 bus is at 08:00 local time in
    # summer time on the Friday before and in winter time on the Monday after.
    assert times("VPT", "2026-10-26T07:00:00+01:00", 1) == ["2026-10-26T08:00:00+01:00"]
    assert times("VPT", "2026-10-23T07:00:00+02:00", 1) == ["2026-10-23T08:00:00+02:00"]


def test_the_selector_groups_by_line_and_direction(network):
    stop = selectors.find_stop("CGA")
    found = selectors.next_departures(stop, at=datetime.fromisoformat("2026-12-02T07:00+01:00"))
    lines = selectors.by_line(found, per_line=2)
    assert [(line.route, line.headsign) for line in lines] == [
        ("81", "Cinq Avenues"),
        ("81", "Vieux-Port"),
    ]
    assert all(len(line.departures) == 2 for line in lines)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--stop", "NOPE", "--at", "2026-12-02T08:00:00+01:00"], "arrêt inconnu"),
        (["--stop", "VPT", "--at", "demain"], "--at illisible"),
        (["--stop", "VPT", "--at", "2026-12-02T08:00:00"], "sans décalage"),
    ],
)
def test_bad_arguments_are_refused_with_a_message(network, args, message):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=message) as refused:
        call_command("transit", "departures", *args, stdout=io.StringIO())
    assert refused.value.returncode == 2


def test_a_trip_run_by_frequency_departs_at_each_headway_before_its_end(tmp_path, fresh_indexes):
    from massalia.core.models import RejectedRecord
    from massalia.transit import gtfs
    from massalia.transit.tests import feeds

    trips = feeds.TRIPS + "Cinq Avenues,L81,FREQ,WEEK,0\n"
    # The pattern's times count from its first call; the runs leave at 07:00, 07:10, 07:20.
    pattern = feeds.STOP_TIMES + (
        "1,FREQ,VPT,00:00:00,00:00:00\n2,FREQ,CGA,00:04:00,00:04:00\n3,FREQ,CAV,00:10:00,00:10:00\n"
    )
    frequencies = (
        "headway_secs,trip_id,start_time,end_time\n600,FREQ,07:00:00,07:30:00\n0,FREQ,9h,10:00:00\n"
    )
    done = gtfs.import_feed(
        feeds.write_feed(
            tmp_path, trips_txt=trips, stop_times_txt=pattern, frequencies_txt=frequencies
        )
    )
    assert RejectedRecord.objects.get(run__kind="GTFS frequencies.txt").reasons == [
        "start_time n'est pas une heure H:MM:SS : « 9h »",
        "headway_secs doit être un entier de 1 à 86400 : « 0 »",
    ]
    assert done.rejected == 1
    assert times("CGA", "2026-12-02T07:00:00+01:00", 4) == [
        "2026-12-02T07:04:00+01:00",
        "2026-12-02T07:14:00+01:00",
        "2026-12-02T07:24:00+01:00",
        "2026-12-02T08:06:00+01:00",
    ]
    # Its last stop is still an arrival only.
    assert "2026-12-02T07:10:00+01:00" not in times("CAV", "2026-12-02T07:00:00+01:00", 3)
