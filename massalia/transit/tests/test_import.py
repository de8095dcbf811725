"""Importing a GTFS feed: rows by header name, idempotent, bad rows kept with reasons, an
unreadable feed refused as a whole."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from massalia.core.imports import ImportFileError
from massalia.core.models import RejectedRecord
from massalia.testing import INSIDE, build_city
from massalia.transit import gtfs
from massalia.transit.models import CalendarDate, Stop, StopTime, Trip
from massalia.transit.tests import feeds

pytestmark = pytest.mark.django_db


def test_a_feed_is_imported_by_header_names_and_again_changes_nothing(tmp_path):
    path = feeds.write_feed(tmp_path)
    first = gtfs.import_feed(path)
    assert first.rejected == 0
    stop = Stop.objects.get(gtfs_id="CGA")
    assert (stop.name, stop.latitude, stop.longitude) == ("Canebière Garibaldi", 43.2975, 5.38)
    call = StopTime.objects.get(trip__gtfs_id="LATE", sequence=2)
    assert (call.arrival, call.departure) == (24 * 3600 + 4 * 60, 24 * 3600 + 5 * 60)
    assert CalendarDate.objects.filter(exception=CalendarDate.Kind.REMOVED).count() == 1
    again = gtfs.import_feed(path)
    assert len(again.runs) == 8 and all(run.created == 0 for run in again.runs)
    assert sum(run.unchanged for run in again.runs) == sum(run.created for run in first.runs)
    assert Stop.objects.get(gtfs_id="CGA").pk == stop.pk  # the stop's page keeps its address


def test_a_stop_gets_its_quartier(tmp_path, fresh_indexes):
    city = build_city()
    lat, lon = INSIDE["NOAILLES"]
    stops = f"stop_id,stop_name,stop_lat,stop_lon\nNOA,Noailles,{lat},{lon}\nFAR,Loin,44.0,6.0\n"
    times = "trip_id,stop_id,stop_sequence,departure_time\nT,NOA,1,08:00:00\nT,FAR,2,09:00:00\n"
    trips = "route_id,service_id,trip_id\nL81,WEEK,T\n"
    gtfs.import_feed(
        feeds.write_feed(tmp_path, stops_txt=stops, stop_times_txt=times, trips_txt=trips)
    )
    assert Stop.objects.get(gtfs_id="NOA").quartier == city.quartiers["NOAILLES"]
    assert Stop.objects.get(gtfs_id="FAR").quartier is None


def test_bad_rows_are_rejected_with_their_reasons_and_the_others_kept(tmp_path):
    stop_times = feeds.STOP_TIMES + (
        "4,MORNING,GHOST,08:20:00,08:20:00\n"
        "5,MORNING,CAV,8h30,08:30:00\n"
        "6,NOTRIP,CAV,08:40:00,08:40:00\n"
    )
    trips = feeds.TRIPS + "Ailleurs,NOLINE,ORPHAN,WEEK,0\nX,L81,NOSERVICE,SUNDAY,2\n"
    stops = feeds.STOPS + "5.4,Sans position,NOPOS,\n"
    path = feeds.write_feed(tmp_path, stop_times_txt=stop_times, trips_txt=trips, stops_txt=stops)
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("transit", "import-gtfs", str(path), stdout=io.StringIO(), stderr=err)
    assert refused.value.returncode == 1
    reasons = {
        (row.run.kind, row.position): row.reasons
        for row in RejectedRecord.objects.select_related("run")
    }
    assert reasons[("GTFS stops.txt", 4)] == ["stop_lat n'est pas un nombre : «  »"]
    assert reasons[("GTFS trips.txt", 5)] == ["route_id inconnu : « NOLINE »"]
    assert reasons[("GTFS trips.txt", 6)] == [
        "service_id absent des calendriers : « SUNDAY »",
        "direction_id doit valoir 0 ou 1 : « 2 »",
    ]
    assert reasons[("GTFS stop_times.txt", 13)] == ["stop_id inconnu : « GHOST »"]
    assert reasons[("GTFS stop_times.txt", 14)] == [
        "departure_time n'est pas une heure H:MM:SS : « 8h30 »"
    ]
    assert reasons[("GTFS stop_times.txt", 15)] == ["trip_id inconnu : « NOTRIP »"]
    assert len(reasons) == 6
    assert "GTFS stop_times.txt, ligne 16 : trip_id inconnu : « NOTRIP »" in err.getvalue()
    assert Trip.objects.count() == 4 and StopTime.objects.count() == 12


@pytest.mark.parametrize(
    ("replaced", "message"),
    [
        ({"stops_txt": None}, "stops.txt manquant"),
        ({"stop_times_txt": "trip_id,stop_id\nA,B\n"}, "stop_times.txt sans colonne stop_sequence"),
        ({"calendar_txt": None, "calendar_dates_txt": None}, "ni calendar.txt"),
    ],
)
def test_a_feed_lacking_a_file_or_column_is_refused_whole(tmp_path, replaced, message):
    with pytest.raises(ImportFileError, match=message):
        gtfs.import_feed(feeds.write_feed(tmp_path, **replaced))
    assert not Stop.objects.exists()


def test_a_file_that_is_not_a_zip_is_refused_by_the_command(tmp_path):
    path = tmp_path / "feed.zip"
    path.write_text("stop_id,stop_name\n")
    with pytest.raises(CommandError, match="pas une archive zip") as refused:
        call_command("transit", "import-gtfs", str(path), stdout=io.StringIO())
    assert refused.value.returncode == 2


def test_files_starting_with_a_byte_order_mark_are_read_alike(tmp_path, fresh_indexes):
    marked = {name.replace(".txt", "_txt"): "\ufeff" + text for name, text in feeds.FILES.items()}
    done = gtfs.import_feed(feeds.write_feed(tmp_path, **marked))
    assert done.rejected == 0
    assert Stop.objects.get(gtfs_id="CGA").name == "Canebière Garibaldi"
