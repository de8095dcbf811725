"""Small GTFS feeds written by the tests themselves (a zip of CSV texts)."""

from __future__ import annotations

import zipfile
from pathlib import Path

AGENCY = (
    "agency_id,agency_name,agency_url,agency_timezone\n"
    "RTM,Régie des transports,https://rtm.example,Europe/Paris\n"
)
# Columns deliberately out of the specification's order.
STOPS = (
    "stop_lon,stop_name,stop_id,stop_lat\n"
    "5.3740,Vieux-Port,VPT,43.2950\n"
    "5.3800,Canebière Garibaldi,CGA,43.2975\n"
    "5.3900,Cinq Avenues,CAV,43.3030\n"
)
ROUTES = (
    "route_type,route_id,route_short_name,route_long_name,agency_id\n"
    "3,L81,81,Vieux-Port - Cinq Avenues,RTM\n"
)
TRIPS = (
    "trip_headsign,route_id,trip_id,service_id,direction_id\n"
    "Cinq Avenues,L81,MORNING,WEEK,0\n"
    "Cinq Avenues,L81,LATE,WEEK,0\n"
    "Cinq Avenues,L81,XMAS,XMAS,0\n"
    "Vieux-Port,L81,BACK,WEEK,1\n"
)
STOP_TIMES = (
    "stop_sequence,trip_id,stop_id,departure_time,arrival_time\n"
    "1,MORNING,VPT,08:00:00,08:00:00\n"
    "2,MORNING,CGA,08:06:00,08:05:00\n"
    "3,MORNING,CAV,08:15:00,08:15:00\n"
    "1,LATE,VPT,23:50:00,23:50:00\n"
    "2,LATE,CGA,24:05:00,24:04:00\n"
    "3,LATE,CAV,24:20:00,24:20:00\n"
    "1,XMAS,VPT,10:00:00,10:00:00\n"
    "2,XMAS,CGA,10:06:00,10:06:00\n"
    "3,XMAS,CAV,10:15:00,10:15:00\n"
    "1,BACK,CAV,09:00:00,09:00:00\n"
    "2,BACK,CGA,09:09:00,09:09:00\n"
    "3,BACK,VPT,09:20:00,09:20:00\n"
)
CALENDAR = (
    "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
    "WEEK,1,1,1,1,1,0,0,20260101,20261231\n"
)
# Christmas (a Friday): the weekday service does not run, a holiday one does.
CALENDAR_DATES = "service_id,date,exception_type\nWEEK,20261225,2\nXMAS,20261225,1\n"

FILES = {
    "agency.txt": AGENCY,
    "stops.txt": STOPS,
    "routes.txt": ROUTES,
    "trips.txt": TRIPS,
    "stop_times.txt": STOP_TIMES,
    "calendar.txt": CALENDAR,
    "calendar_dates.txt": CALENDAR_DATES,
}


def write_feed(folder: Path, name: str = "rtm", **replaced: str | None) -> Path:
    """A zip of the small network, with files replaced (`stops_txt="…"`) or left out (None)."""
    files = dict(FILES)
    for key, text in replaced.items():
        filename = key.replace("_txt", ".txt")
        if text is None:
            files.pop(filename, None)
        else:
            files[filename] = text
    path = folder / f"{name}.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for filename, text in files.items():
            archive.writestr(filename, text)
    return path
