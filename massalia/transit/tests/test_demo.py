"""The demo network goes through the real import without a refused row, twice."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from massalia.transit import demo, selectors
from massalia.transit.models import Stop, StopTime

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def test_the_demo_network_imports_cleanly_and_runs_its_timetable(fresh_indexes):
    done = demo.load(today=date(2026, 12, 2))
    assert done.rejected == 0
    assert Stop.objects.count() == len(demo.STOPS)
    again = demo.load(today=date(2026, 12, 2))
    assert again.rejected == 0 and sum(run.created for run in again.runs) == 0
    port = selectors.find_stop("VPORT")
    found = selectors.next_departures(port, at=datetime(2026, 12, 2, 8, 0, tzinfo=PARIS), limit=40)
    assert {(d.route, d.headsign) for d in found} == {
        ("83", "Rond-Point du Prado"),
        ("60", "Notre-Dame de la Garde"),
    }
    # Christmas Day runs the Sunday service: the 83 every 20 minutes from 07:00.
    xmas = selectors.next_departures(port, at=datetime(2026, 12, 25, 5, 0, tzinfo=PARIS), limit=3)
    assert [d.time.strftime("%H:%M") for d in xmas if d.route == "83"][:2] == ["07:00", "07:20"]
    assert StopTime.objects.filter(trip__route__gtfs_id="B1").exists()
