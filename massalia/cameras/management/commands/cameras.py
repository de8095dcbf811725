"""`massalia cameras import FILE.csv`: import the video-protection register.

Counts go to standard output, each refused line to standard error with its line number and
reasons. Exit status: 0, 1 when lines were refused (the others are imported), 2 when the file
cannot be read at all.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from massalia.cameras import importer
from massalia.core.imports import ImportFileError
from massalia.core.models import RejectedRecord


class Command(BaseCommand):
    help = "Vidéoprotection : import du registre des caméras (CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="Importer le registre (CSV à en-têtes).")
        load.add_argument("file", metavar="FILE.csv")

    def handle(self, *args: Any, action: str, file: str, **options: Any) -> None:
        try:
            run = importer.import_file(file, progress=self.stdout)
        except ImportFileError as exc:
            raise CommandError(str(exc), returncode=2) from None
        for row in RejectedRecord.objects.filter(run=run).order_by("position"):
            # Line 1 is the header: the n-th record is on line n + 1.
            self.stderr.write(f"ligne {row.position + 1} : {'; '.join(row.reasons)}")
        if run.rejected:
            raise CommandError(f"{run.rejected} lignes refusées", returncode=1)
