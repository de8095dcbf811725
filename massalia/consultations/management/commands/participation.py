"""`massalia participation opinion-groups VOTES.csv`.

The opinion map's groups computed from a file, so anyone can check them on any vote export.
VOTES.csv has the columns `participant,statement,vote` (in any order; vote 1 agree, -1
disagree, 0 pass; participants and statements are free text). Standard output gets CSV
`participant,group`, one row for every participant with at least 7 votes, in the order they
first appear in the file; the last line on standard error is
`participants=N statements=N groups=K seconds=S` (S: the computation alone, file read
excluded). Refused rows are named on standard error with their line numbers and the others
still counted. Exit status: 0, 1 when rows were refused, 2 when the file cannot be read, lacks
a column or has too few votes to form groups.
"""

from __future__ import annotations

import csv
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from massalia.consultations import opinions
from massalia.consultations.votefile import read_votes
from massalia.core.cli import read_csv_file


class Command(BaseCommand):
    help = "Participation : la carte des opinions, sur des fichiers."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        groups = sub.add_parser(
            "opinion-groups", help="Former les groupes d'opinion d'un fichier de votes."
        )
        groups.add_argument("votes", metavar="VOTES.csv")
        groups.add_argument("--seed", type=int, default=0, help="graine du k-means (0)")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        name = options["votes"]
        votes, bad = read_csv_file(name, read_votes, refusals=(opinions.VoteError,))
        for row in bad:
            self.stderr.write(f"{name}, ligne {row.line} : {row.reason}")
        started = time.perf_counter()
        try:
            result = opinions.opinion_groups(votes, seed=options["seed"])
        except opinions.VoteError as exc:
            raise CommandError(f"{name} : {exc}", returncode=2) from None
        seconds = time.perf_counter() - started
        out = csv.writer(self.stdout, lineterminator="\n")
        out.writerow(["participant", "group"])
        out.writerows(zip(result.participants, result.labels.tolist(), strict=True))
        if bad:
            self.stderr.write(f"{len(bad)} ligne(s) refusée(s), les autres comptées")
        self.stderr.write(
            f"participants={len(result.participants)} statements={len(result.statements)} "
            f"groups={len(result.centroids)} seconds={seconds:.3f}"
        )
        if bad:
            raise SystemExit(1)  # the counts line stays the last one, as documented
