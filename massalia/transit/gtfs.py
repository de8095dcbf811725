"""Importing a GTFS static feed (a zip of CSV files) through the one import framework.

partridge reads the files (by their header names, in any column order, whitespace trimmed,
encoding detected) as text; each file then goes through its own `Importer`, parents first
(agencies, stops, lines, calendars, trips, then the stop times), so a row naming a parent
that was refused or never given is itself refused with that reason. Every refused row is
kept with its reasons (`RejectedRecord`, one run per file); importing the same feed again
updates rows in place.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import partridge
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from massalia.core.imports import Importer, ImportFileError, Outcome, RecordRejected
from massalia.core.models import ImportRun
from massalia.territory import geo
from massalia.transit.models import (
    Agency,
    Calendar,
    CalendarDate,
    Feed,
    Frequency,
    Route,
    Stop,
    StopTime,
    Trip,
)

# A feed larger than this once unzipped is refused before anything is written.
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024
TIME = re.compile(r"^(\d{1,3}):([0-5]\d):([0-5]\d)$")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
REQUIRED = {
    "agency.txt": ("agency_name", "agency_timezone"),
    "stops.txt": ("stop_id", "stop_name", "stop_lat", "stop_lon"),
    "routes.txt": ("route_id",),
    "trips.txt": ("route_id", "service_id", "trip_id"),
    "stop_times.txt": ("trip_id", "stop_id", "stop_sequence"),
    "calendar.txt": ("service_id", *WEEKDAYS, "start_date", "end_date"),
    "calendar_dates.txt": ("service_id", "date", "exception_type"),
    "frequencies.txt": ("trip_id", "start_time", "end_time", "headway_secs"),
}
OPTIONAL = ("calendar.txt", "calendar_dates.txt", "frequencies.txt")


@dataclass
class FeedImport:
    feed: Feed
    runs: list[ImportRun]

    @property
    def rejected(self) -> int:
        return sum(run.rejected for run in self.runs)


def import_feed(path: Path | str, *, code: str = "", progress: Any = None) -> FeedImport:
    """Import the feed at `path` (a zip) under `code` (by default, the file's name)."""
    path = Path(path)
    tables = read_tables(path)
    code = slugify(code or path.stem)[:50] or "reseau"
    feed, _ = Feed.objects.get_or_create(code=code)
    steps: list[Importer] = [
        AgencyImporter(feed, tables["agency.txt"]),
        StopImporter(feed, tables["stops.txt"]),
        RouteImporter(feed, tables["routes.txt"]),
        CalendarImporter(feed, tables["calendar.txt"]),
        CalendarDateImporter(feed, tables["calendar_dates.txt"]),
        TripImporter(feed, tables["trips.txt"]),
        StopTimeImporter(feed, tables["stop_times.txt"]),
        FrequencyImporter(feed, tables["frequencies.txt"]),
    ]
    runs = [step.run(source=f"{path.name} ({step.kind})", progress=progress) for step in steps]
    feed.refresh_from_db()
    first = Agency.objects.filter(feed=feed).order_by("pk").first()
    feed.timezone = first.timezone if first else feed.timezone
    feed.name = feed.name or (first.name if first else code)
    feed.imported_at = timezone.now()
    feed.save()
    return FeedImport(feed, runs)


def read_tables(path: Path) -> dict[str, list[dict[str, str]]]:
    """Every file the import reads, as rows of text keyed by header name; a file missing,
    or lacking a required column, refuses the whole feed (nothing is written)."""
    _check_zip(path)
    try:
        with warnings.catch_warnings():
            # partridge's own use of pandas is not ours to fix.
            warnings.simplefilter("ignore", FutureWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
            raw = partridge.load_raw_feed(str(path))
            tables = {name: _rows(raw.get(name)) for name in REQUIRED}
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise ImportFileError(f"{path.name} : flux GTFS illisible ({exc})") from None
    for name, columns in REQUIRED.items():
        rows = tables[name]
        if not rows and name not in OPTIONAL:
            raise ImportFileError(f"{path.name} : {name} manquant ou vide")
        missing = [c for c in columns if rows and c not in rows[0]]
        if missing:
            raise ImportFileError(f"{path.name} : {name} sans colonne " + ", ".join(missing))
    if not tables["calendar.txt"] and not tables["calendar_dates.txt"]:
        raise ImportFileError(f"{path.name} : ni calendar.txt ni calendar_dates.txt")
    return tables


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile) as exc:
        raise ImportFileError(f"{path.name} : pas une archive zip lisible ({exc})") from None
    if size > MAX_UNZIPPED_BYTES:
        raise ImportFileError(
            f"{path.name} : plus de {MAX_UNZIPPED_BYTES} octets une fois décompressé"
        )


def _rows(frame: Any) -> list[dict[str, str]]:
    columns = [str(c) for c in frame.columns]
    return [
        {c: ("" if v is None or v != v else str(v)) for c, v in zip(columns, values, strict=True)}
        for values in frame.itertuples(index=False, name=None)
    ]


def upsert(model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]) -> Outcome:
    """Create the row, or update the fields that changed; says which."""
    row = model._default_manager.filter(**lookup).first()
    if row is None:
        model._default_manager.create(**lookup, **values)
        return "created"
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if not changed:
        return "unchanged"
    for name in changed:
        setattr(row, name, values[name])
    row.save(update_fields=[row._meta.get_field(name).name for name in changed])
    return "updated"


class GtfsImporter(Importer):
    """One file of a feed; `ids` maps the feed's identifiers of a parent to primary keys."""

    filename = ""

    def __init__(self, feed: Feed, rows: list[dict[str, str]]) -> None:
        self.feed = feed
        self.rows = rows
        self.kind = f"GTFS {self.filename}"

    def records(self) -> Iterator[dict[str, str]]:
        yield from self.rows


def _ids(model: type[models.Model], feed: Feed) -> dict[str, int]:
    return dict(model._default_manager.filter(feed=feed).values_list("gtfs_id", "pk"))


def _required(record: dict[str, str], column: str, reasons: list[str], size: int = 100) -> str:
    value = record.get(column, "")
    if not value:
        reasons.append(f"{column} manquant")
    elif len(value) > size:
        reasons.append(f"{column} trop long (plus de {size} caractères)")
    return value[:size]


def _float(record: dict[str, str], column: str, low: float, high: float, reasons: list[str]):
    try:
        value = float(record.get(column, ""))
    except ValueError:
        reasons.append(f"{column} n'est pas un nombre : « {record.get(column, '')[:30]} »")
        return None
    if not low <= value <= high:
        reasons.append(f"{column} hors de [{low}, {high}] : {value}")
        return None
    return value


def seconds(text: str) -> int:
    """GTFS's `H:MM:SS` (hours may pass 24) as seconds of the service day."""
    match = TIME.match(text)
    if match is None:
        raise ValueError(text)
    hours, minutes, secs = (int(part) for part in match.groups())
    return hours * 3600 + minutes * 60 + secs


def _date(record: dict[str, str], column: str, reasons: list[str]) -> date | None:
    try:
        return datetime.strptime(record.get(column, ""), "%Y%m%d").date()
    except ValueError:
        reasons.append(f"{column} n'est pas une date AAAAMMJJ : « {record.get(column, '')[:20]} »")
        return None


class AgencyImporter(GtfsImporter):
    filename = "agency.txt"

    def clean(self, record: dict[str, str]) -> dict[str, Any]:
        reasons: list[str] = []
        name = _required(record, "agency_name", reasons, 200)
        zone = record.get("agency_timezone", "")
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            reasons.append(f"agency_timezone inconnu : « {zone[:64]} »")
        if reasons:
            raise RecordRejected(*reasons)
        url = record.get("agency_url", "")
        return {
            "gtfs_id": record.get("agency_id", "")[:100],
            "values": {"name": name, "url": url[:300], "timezone": zone},
        }

    def save(self, clean: dict[str, Any]) -> Outcome:
        return upsert(Agency, {"feed": self.feed, "gtfs_id": clean["gtfs_id"]}, clean["values"])


class StopImporter(GtfsImporter):
    filename = "stops.txt"

    def clean(self, record: dict[str, str]) -> dict[str, Any]:
        reasons: list[str] = []
        gtfs_id = _required(record, "stop_id", reasons)
        name = _required(record, "stop_name", reasons, 200)
        lat = _float(record, "stop_lat", -90, 90, reasons)
        lon = _float(record, "stop_lon", -180, 180, reasons)
        if reasons:
            raise RecordRejected(*reasons)
        assert lat is not None and lon is not None
        place = geo.locate(lat, lon)
        values = {
            "name": name,
            "code": record.get("stop_code", "")[:50],
            "latitude": lat,
            "longitude": lon,
            "quartier_id": place.quartier_id if place else None,
        }
        return {"gtfs_id": gtfs_id, "values": values}

    def save(self, clean: dict[str, Any]) -> Outcome:
        return upsert(Stop, {"feed": self.feed, "gtfs_id": clean["gtfs_id"]}, clean["values"])


class RouteImporter(GtfsImporter):
    filename = "routes.txt"

    def records(self) -> Iterator[dict[str, str]]:
        self.agencies = _ids(Agency, self.feed)
        yield from self.rows

    def clean(self, record: dict[str, str]) -> dict[str, Any]:
        reasons: list[str] = []
        gtfs_id = _required(record, "route_id", reasons)
        short, long = record.get("route_short_name", ""), record.get("route_long_name", "")
        if not short and not long:
            reasons.append("ni route_short_name ni route_long_name")
        agency = record.get("agency_id", "")
        agency_pk = self.agencies.get(agency)
        if agency and agency_pk is None:
            reasons.append(f"agency_id inconnu : « {agency[:100]} »")
        elif not agency and len(self.agencies) == 1:
            agency_pk = next(iter(self.agencies.values()))
        route_type = record.get("route_type", "3") or "3"
        if not route_type.isdigit() or int(route_type) > 32767:
            reasons.append(f"route_type n'est pas un entier : « {route_type[:20]} »")
        if reasons:
            raise RecordRejected(*reasons)
        values = {
            "agency_id": agency_pk,
            "short_name": short[:50],
            "long_name": long[:200],
            "route_type": int(route_type),
            "color": record.get("route_color", "")[:6],
            "text_color": record.get("route_text_color", "")[:6],
        }
        return {"gtfs_id": gtfs_id, "values": values}

    def save(self, clean: dict[str, Any]) -> Outcome:
        return upsert(Route, {"feed": self.feed, "gtfs_id": clean["gtfs_id"]}, clean["values"])


class CalendarImporter(GtfsImporter):
    filename = "calendar.txt"

    def clean(self, record: dict[str, str]) -> dict[str, Any]:
        reasons: list[str] = []
        service = _required(record, "service_id", reasons)
        days = "".join(record.get(day, "") for day in WEEKDAYS)
        if not re.fullmatch(r"[01]{7}", days):
            reasons.append("monday…sunday doivent valoir 0 ou 1")
        start = _date(record, "start_date", reasons)
        end = _date(record, "end_date", reasons)
        if start and end and start > end:
            reasons.append(f"start_date ({start}) après end_date ({end})")
        if reasons:
            raise RecordRejected(*reasons)
        return {"service_id": service, "weekdays": days, "start_date": start, "end_date": end}

    def save(self, clean: dict[str, Any]) -> Outcome:
        service = clean.pop("service_id")
        return upsert(Calendar, {"feed": self.feed, "service_id": service}, clean)


class CalendarDateImporter(GtfsImporter):
    filename = "calendar_dates.txt"

    def clean(self, record: dict[str, str]) -> dict[str, Any]:
        reasons: list[str] = []
        service = _required(record, "service_id", reasons)
        day = _date(record, "date", reasons)
        kind = record.get("exception_type", "")
        if kind not in ("1", "2"):
            reasons.append(
                f"exception_type doit valoir 1 (ajouté) ou 2 (supprimé) : « {kind[:10]} »"
            )
        if reasons:
            raise RecordRejected(*reasons)
        return {"service_id": service, "date": day, "exception": int(kind)}

    def save(self, clean: dict[str, Any]) -> Outcome:
        lookup = {"feed": self.feed, "service_id": clean["service_id"], "date": clean["date"]}
        return upsert(CalendarDate, lookup, {"exception": clean["exception"]})


class TripImporter(GtfsImporter):
    filename = "trips.txt"

    def records(self) -> Iterator[dict[str, str]]:
        self.routes = _ids(Route, self.feed)
        self.services = set(
            Calendar.objects.filter(feed=self.feed).values_list("service_id", flat=True)
        ) | set(CalendarDate.objects.filter(feed=self.feed).values_list("service_id", flat=True))
        yield from self.rows

    def clean(self, record: dict[str, str]) -> dict[str, Any]:
        reasons: list[str] = []
        gtfs_id = _required(record, "trip_id", reasons)
        route = record.get("route_id", "")
        if route not in self.routes:
            reasons.append(f"route_id inconnu : « {route[:100]} »")
        service = _required(record, "service_id", reasons)
        if service and service not in self.services:
            reasons.append(f"service_id absent des calendriers : « {service[:100]} »")
        direction = record.get("direction_id", "")
        if direction not in ("", "0", "1"):
            reasons.append(f"direction_id doit valoir 0 ou 1 : « {direction[:10]} »")
        if reasons:
            raise RecordRejected(*reasons)
        values = {
            "route_id": self.routes[route],
            "service_id": service,
            "headsign": record.get("trip_headsign", "")[:200],
            "direction": int(direction) if direction else None,
        }
        return {"gtfs_id": gtfs_id, "values": values}

    def save(self, clean: dict[str, Any]) -> Outcome:
        return upsert(Trip, {"feed": self.feed, "gtfs_id": clean["gtfs_id"]}, clean["values"])


class StopTimeImporter(GtfsImporter):
    filename = "stop_times.txt"

    def records(self) -> Iterator[dict[str, str]]:
        self.trips = _ids(Trip, self.feed)
        self.stops = _ids(Stop, self.feed)
        # The calls already stored: a new one is written without looking it up first.
        self.known = set(
            StopTime.objects.filter(trip__feed=self.feed).values_list("trip_id", "sequence")
        )
        yield from self.rows

    def clean(self, record: dict[str, str]) -> dict[str, Any]:
        reasons: list[str] = []
        trip, stop = record.get("trip_id", ""), record.get("stop_id", "")
        if trip not in self.trips:
            reasons.append(f"trip_id inconnu : « {trip[:100]} »")
        if stop not in self.stops:
            reasons.append(f"stop_id inconnu : « {stop[:100]} »")
        sequence = record.get("stop_sequence", "")
        if not sequence.isdigit() or int(sequence) > 2**31 - 1:
            reasons.append(f"stop_sequence n'est pas un entier positif : « {sequence[:20]} »")
        arrival, departure = _times(record, reasons)
        if reasons:
            raise RecordRejected(*reasons)
        values = {
            "stop_id": self.stops[stop],
            "arrival": arrival,
            "departure": departure,
            "headsign": record.get("stop_headsign", "")[:200],
            "no_pickup": record.get("pickup_type", "") == "1",
        }
        return {"trip_id": self.trips[trip], "sequence": int(sequence), "values": values}

    def save(self, clean: dict[str, Any]) -> Outcome:
        lookup = {"trip_id": clean["trip_id"], "sequence": clean["sequence"]}
        key = (clean["trip_id"], clean["sequence"])
        if key not in self.known:
            StopTime.objects.create(**lookup, **clean["values"])
            self.known.add(key)
            return "created"
        return upsert(StopTime, lookup, clean["values"])

    def finish(self, run: ImportRun) -> None:
        mark_terminus(self.feed)


def mark_terminus(feed: Feed) -> None:
    """Each trip's last call, where it only arrives (so it is never a departure there)."""
    last = (
        StopTime.objects.filter(trip=models.OuterRef("pk"))
        .order_by("-sequence")
        .values("sequence")[:1]
    )
    Trip.objects.filter(feed=feed).update(last_sequence=models.Subquery(last))


def _times(record: dict[str, str], reasons: list[str]) -> tuple[int, int]:
    """Arrival and departure in seconds; one stands for the other when only one is given.
    Untimed calls (both empty) are refused: the timetable does not guess them."""
    found: dict[str, int] = {}
    for column in ("arrival_time", "departure_time"):
        text = record.get(column, "")
        if not text:
            continue
        try:
            found[column] = seconds(text)
        except ValueError:
            reasons.append(f"{column} n'est pas une heure H:MM:SS : « {text[:20]} »")
    if not record.get("arrival_time") and not record.get("departure_time"):
        reasons.append("passage sans horaire (arrival_time et departure_time vides)")
    arrival = found.get("arrival_time", found.get("departure_time", 0))
    departure = found.get("departure_time", arrival)
    if departure < arrival:
        reasons.append("departure_time avant arrival_time")
    return arrival, departure


class FrequencyImporter(GtfsImporter):
    filename = "frequencies.txt"

    def records(self) -> Iterator[dict[str, str]]:
        self.trips = _ids(Trip, self.feed)
        yield from self.rows

    def clean(self, record: dict[str, str]) -> dict[str, Any]:
        reasons: list[str] = []
        trip = record.get("trip_id", "")
        if trip not in self.trips:
            reasons.append(f"trip_id inconnu : « {trip[:100]} »")
        found = {}
        for column in ("start_time", "end_time"):
            try:
                found[column] = seconds(record.get(column, ""))
            except ValueError:
                text = record.get(column, "")[:20]
                reasons.append(f"{column} n'est pas une heure H:MM:SS : « {text} »")
        headway = record.get("headway_secs", "")
        if not headway.isdigit() or not 0 < int(headway) <= 86_400:
            reasons.append(f"headway_secs doit être un entier de 1 à 86400 : « {headway[:20]} »")
        if len(found) == 2 and found["end_time"] <= found["start_time"]:
            reasons.append("end_time n'est pas après start_time")
        if reasons:
            raise RecordRejected(*reasons)
        return {
            "trip_id": self.trips[trip],
            "start": found["start_time"],
            "values": {"end": found["end_time"], "headway": int(headway)},
        }

    def save(self, clean: dict[str, Any]) -> Outcome:
        lookup = {"trip_id": clean["trip_id"], "start": clean["start"]}
        return upsert(Frequency, lookup, clean["values"])
