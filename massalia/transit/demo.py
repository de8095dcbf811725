"""The demo's network: three real Marseille bus lines, a handful of stops along their real
streets (coordinates approximate), and a plausible timetable written for the project.

83 runs from the Vieux-Port along the Corniche Kennedy to the Rond-Point du Prado, 60 climbs
from the Vieux-Port to Notre-Dame de la Garde, B1 goes from the Rond-Point du Prado to the
Luminy campus. Weekdays and Saturdays have one service, Sundays another; Christmas Day runs
the Sunday service (calendar_dates). The feed is written as GTFS files at load time, its
calendar around today, and goes through the real import (`gtfs.import_feed`).
"""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.utils import timezone

from massalia.transit import gtfs
from massalia.transit.gtfs import FeedImport

CODE = "rtm"
STOPS = {  # id: (name, latitude, longitude)
    "VPORT": ("Vieux-Port", 43.2952, 5.3745),
    "CATAL": ("Catalans", 43.2905, 5.3600),
    "AUFFE": ("Vallon des Auffes", 43.2857, 5.3503),
    "PROPH": ("Corniche Prophète", 43.2775, 5.3590),
    "DAVID": ("David", 43.2612, 5.3727),
    "PRADO": ("Rond-Point du Prado", 43.2711, 5.3929),
    "PUGET": ("Cours Pierre Puget", 43.2915, 5.3705),
    "GARDE": ("Notre-Dame de la Garde", 43.2840, 5.3712),
    "OBELI": ("Obélisque", 43.2460, 5.4025),
    "LUMIN": ("Luminy", 43.2330, 5.4355),
}


@dataclass(frozen=True)
class Line:
    route_id: str
    short_name: str
    long_name: str
    color: str
    stops: tuple[tuple[str, int], ...]  # (stop, minutes from the previous one)
    # service: (first departure, last departure, headway), times "HH:MM" (may pass 24:00)
    runs: dict[str, tuple[str, str, int]]


LINES = (
    Line(
        "83",
        "83",
        "Vieux-Port - Rond-Point du Prado par la Corniche",
        "E2001A",
        (("VPORT", 0), ("CATAL", 4), ("AUFFE", 3), ("PROPH", 4), ("DAVID", 5), ("PRADO", 6)),
        {"SEMAINE": ("06:30", "24:30", 15), "DIMANCHE": ("07:00", "23:00", 20)},
    ),
    Line(
        "60",
        "60",
        "Vieux-Port - Notre-Dame de la Garde",
        "00873F",
        (("VPORT", 0), ("PUGET", 4), ("GARDE", 8)),
        {"SEMAINE": ("07:00", "19:30", 30), "DIMANCHE": ("08:00", "19:00", 30)},
    ),
    Line(
        "B1",
        "B1",
        "Rond-Point du Prado - Luminy",
        "0B3D91",
        (("PRADO", 0), ("OBELI", 8), ("LUMIN", 12)),
        {"SEMAINE": ("06:00", "24:15", 10), "DIMANCHE": ("07:00", "23:40", 20)},
    ),
)


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}:00"


def _csv(header: list[str], rows: list[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def files(today: date) -> dict[str, str]:
    """The feed's files, its calendar from a month ago to a year ahead of `today`."""
    start, end = today - timedelta(days=30), today + timedelta(days=365)
    christmas = sorted({date(year, 12, 25) for year in (start.year, end.year)})
    trips: list[list[object]] = []
    times: list[list[object]] = []
    for line in LINES:
        for direction, stops in enumerate((line.stops, _reverse(line.stops))):
            headsign = STOPS[stops[-1][0]][0]
            for service, (first, last, every) in line.runs.items():
                for n, leaves in enumerate(range(_minutes(first), _minutes(last) + 1, every)):
                    trip = f"{line.route_id}-{direction}-{service[:3]}-{n:03d}"
                    trips.append([line.route_id, service, trip, headsign, direction])
                    at = leaves
                    for sequence, (stop, minutes) in enumerate(stops, start=1):
                        at += minutes
                        times.append([trip, _clock(at), _clock(at), stop, sequence])
    return {
        "agency.txt": _csv(
            ["agency_id", "agency_name", "agency_url", "agency_timezone", "agency_lang"],
            [
                [
                    "RTM",
                    "Régie des transports métropolitains",
                    "https://www.rtm.fr",
                    "Europe/Paris",
                    "fr",
                ]
            ],
        ),
        "stops.txt": _csv(
            ["stop_id", "stop_name", "stop_lat", "stop_lon"],
            [[key, name, lat, lon] for key, (name, lat, lon) in STOPS.items()],
        ),
        "routes.txt": _csv(
            [
                "route_id",
                "agency_id",
                "route_short_name",
                "route_long_name",
                "route_type",
                "route_color",
                "route_text_color",
            ],
            [
                [ln.route_id, "RTM", ln.short_name, ln.long_name, 3, ln.color, "FFFFFF"]
                for ln in LINES
            ],
        ),
        "trips.txt": _csv(
            ["route_id", "service_id", "trip_id", "trip_headsign", "direction_id"], trips
        ),
        "stop_times.txt": _csv(
            ["trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence"], times
        ),
        "calendar.txt": _csv(
            [
                "service_id",
                "monday",
                "tuesday",
                "wednesday",
                "thursday",
                "friday",
                "saturday",
                "sunday",
                "start_date",
                "end_date",
            ],
            [
                ["SEMAINE", 1, 1, 1, 1, 1, 1, 0, f"{start:%Y%m%d}", f"{end:%Y%m%d}"],
                ["DIMANCHE", 0, 0, 0, 0, 0, 0, 1, f"{start:%Y%m%d}", f"{end:%Y%m%d}"],
            ],
        ),
        "calendar_dates.txt": _csv(
            ["service_id", "date", "exception_type"],
            [
                row
                for day in christmas
                if start <= day <= end and day.weekday() != 6
                for row in (["SEMAINE", f"{day:%Y%m%d}", 2], ["DIMANCHE", f"{day:%Y%m%d}", 1])
            ],
        ),
    }


def _reverse(stops: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
    """The way back: the same stops in the other order, the same minutes between them."""
    names = [stop for stop, _ in stops][::-1]
    gaps = [minutes for _, minutes in stops][1:][::-1]
    return tuple(zip(names, [0, *gaps], strict=True))


def write(folder: Path, today: date) -> Path:
    path = folder / "rtm-demo.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files(today).items():
            archive.writestr(name, text)
    return path


def load(today: date | None = None) -> FeedImport:
    """Import the demo network (again: its rows are updated in place)."""
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), today or timezone.localdate())
        return gtfs.import_feed(path, code=CODE)
