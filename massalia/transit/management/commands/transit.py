"""`massalia transit import-gtfs FEED.zip` and `massalia transit departures --stop STOP_ID
--at 2026-12-02T08:00:00+01:00 [--limit N]`.

`import-gtfs` imports a GTFS static feed (files read by their header names, any column
order); each file's counts go to standard output and each refused row to standard error
with its file, line and reasons. Exit status: 0, 1 when rows were refused (the others are
imported), 2 when the feed cannot be read at all.

`departures` prints the stop's next departures from the imported timetable as CSV
`route,headsign,departure` (ISO 8601, in the agency's zone), so they can be checked against
any real feed. Exit status 2 for an unknown stop or an unreadable `--at`.
"""

from __future__ import annotations

import csv
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from massalia.core.imports import ImportFileError
from massalia.core.models import RejectedRecord
from massalia.transit import gtfs, selectors
from massalia.transit.models import Feed


class Command(BaseCommand):
    help = "Transports : import d'un flux GTFS et prochains départs d'un arrêt."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import-gtfs", help="Importer un flux GTFS (zip).")
        load.add_argument("file", metavar="FEED.zip")
        load.add_argument(
            "--feed", default="", help="Code du réseau (par défaut : nom du fichier)."
        )
        nexts = sub.add_parser("departures", help="Prochains départs d'un arrêt.")
        nexts.add_argument("--stop", required=True, metavar="STOP_ID")
        nexts.add_argument("--at", required=True, help="Instant ISO 8601 avec son décalage.")
        nexts.add_argument("--limit", type=int, default=10)
        nexts.add_argument(
            "--feed", default="", help="Code du réseau (par défaut : le dernier importé)."
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "import-gtfs":
            self._import(options["file"], options["feed"])
        else:
            self._departures(options["stop"], options["at"], options["limit"], options["feed"])

    def _import(self, file: str, code: str) -> None:
        try:
            done = gtfs.import_feed(file, code=code, progress=self.stdout)
        except ImportFileError as exc:
            raise CommandError(str(exc), returncode=2) from None
        for run in done.runs:
            for row in RejectedRecord.objects.filter(run=run).order_by("position"):
                # Line 1 is the header: a file's n-th record is on line n + 1.
                reasons = "; ".join(row.reasons)
                self.stderr.write(f"{run.kind}, ligne {row.position + 1} : {reasons}")
        self.stdout.write(f"Réseau « {done.feed.code} » ({done.feed.timezone}) importé.")
        if done.rejected:
            raise CommandError(f"{done.rejected} lignes refusées", returncode=1)

    def _departures(self, stop_id: str, at: str, limit: int, code: str) -> None:
        try:
            moment = datetime.fromisoformat(at)
        except ValueError:
            raise CommandError(
                f"--at illisible : « {at} » (ISO 8601 attendu)", returncode=2
            ) from None
        if moment.tzinfo is None:
            raise CommandError("--at sans décalage horaire (par ex. +01:00 ou Z)", returncode=2)
        if not 1 <= limit <= 1000:
            raise CommandError("--limit de 1 à 1000", returncode=2)
        feed = Feed.objects.filter(code=code).first() if code else selectors.current_feed()
        stop = selectors.find_stop(stop_id, feed) if feed else None
        if stop is None:
            raise CommandError(f"arrêt inconnu : « {stop_id} »", returncode=2)
        out = csv.writer(self.stdout, lineterminator="\n")
        out.writerow(["route", "headsign", "departure"])
        for departure in selectors.next_departures(stop, at=moment, limit=limit):
            out.writerow([departure.route, departure.headsign, departure.time.isoformat()])
