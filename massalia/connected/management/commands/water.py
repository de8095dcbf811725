"""`massalia water detect FILE.csv`: the water suspicions of a file of index readings.

The file has the columns `meter,time,index_litres` (ISO 8601 times with their offsets, rows
in any order); the suspicions go to standard output as CSV `meter,kind,start,end` (times in
the commune's zone). Refused rows are named on standard error with their line numbers; the
others are still read. Exit status: 0, 1 when rows were refused (the suspicions of the
others are still written), 2 when the file cannot be read at all.
"""

from __future__ import annotations

import csv
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from massalia.connected import water
from massalia.core.cli import read_csv_file


class Command(BaseCommand):
    help = "Compteurs d'eau : fuites et consommations anormales."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        detect = sub.add_parser(
            "detect", help="Détecter les fuites dans un fichier CSV meter,time,index_litres."
        )
        detect.add_argument("file", metavar="FILE.csv")
        demo = sub.add_parser(
            "demo", help="Créer des compteurs de démonstration (relevés, fuites, une piscine)."
        )
        demo.add_argument("--meters", type=int, default=300)
        demo.add_argument("--days", type=int, default=120)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "demo":
            from massalia.connected import demo

            if not 1 <= options["meters"] <= 10_000 or not 2 <= options["days"] <= 400:
                raise CommandError("--meters de 1 à 10000, --days de 2 à 400")
            self.stdout.write(demo.load(meters=options["meters"], days=options["days"]).line())
            return
        self._detect(options["file"])

    def _detect(self, file: str) -> None:
        readings, bad = read_csv_file(file, water.read_csv, refusals=(water.RowError,))
        for row in bad:
            self.stderr.write(f"{file}, ligne {row.line} : {row.reason}")
        rules = water.Rules()
        out = csv.writer(self.stdout, lineterminator="\n")
        out.writerow(["meter", "kind", "start", "end"])
        too_long = []
        episodes = []
        for meter, rows in sorted(water.by_meter(readings).items()):
            try:
                episodes += water.detect(rows, rules)
            except water.SpanTooLong as exc:
                too_long.append(meter)
                self.stderr.write(f"{file} : {exc}")
        for episode in episodes:
            out.writerow(
                [
                    episode.meter,
                    episode.kind.value,
                    episode.start.astimezone(rules.zone).isoformat(),
                    episode.end.astimezone(rules.zone).isoformat(),
                ]
            )
        if too_long:
            raise CommandError(f"{len(too_long)} compteur(s) non analysé(s)", returncode=1)
        if bad:
            raise CommandError(
                f"{len(bad)} ligne(s) refusée(s) sur {len(bad) + len(readings)}", returncode=1
            )
