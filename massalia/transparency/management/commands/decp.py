"""`massalia decp import FILE…`: DECP files (v1 or v2, JSON or XML) into the contracts.

Ends with one line `read=N imported=N normalised=N quarantined=N` on standard output (the sum
over the files imported); a progress bar goes to standard error when it is a terminal. A file
that cannot be read is named with its reason and imports nothing; the others still do, and the
command then fails.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from massalia.core.imports import ImportFileError


class Command(BaseCommand):
    help = "Données essentielles de la commande publique (DECP)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Importer des fichiers DECP (JSON ou XML, v1 ou v2).")
        imp.add_argument("files", nargs="+", type=Path, metavar="FILE")

    def handle(self, *args: Any, action: str, files: list[Path], **options: Any) -> None:
        from massalia.transparency.importer import Counts, import_file

        total = Counts()
        failed: list[str] = []
        for path in files:
            bar = Bar(sys.stderr, path.name)
            try:
                total.add(import_file(path, progress=bar.show))
            except ImportFileError as exc:
                failed.append(str(exc))
            finally:
                bar.close()
        for message in failed:
            self.stderr.write(f"Fichier refusé, rien n'en a été importé : {message}")
        self.stdout.write(total.line())
        if failed:
            raise CommandError(f"{len(failed)} fichier(s) refusé(s) sur {len(files)}")


class Bar:
    """A one-line progress bar, drawn only on a terminal, redrawn at each percent."""

    width = 30

    def __init__(self, stream: TextIO, name: str) -> None:
        self.stream = stream
        self.name = name
        self.on = stream.isatty()
        self.percent = -1

    def show(self, share: float) -> None:
        percent = int(share * 100)
        if not self.on or percent == self.percent:
            return
        self.percent = percent
        filled = self.width * percent // 100
        self.stream.write(
            f"\r{self.name} [{'#' * filled}{'.' * (self.width - filled)}] {percent:3d} %"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.on and self.percent >= 0:
            self.stream.write("\r" + " " * (len(self.name) + self.width + 10) + "\r")
            self.stream.flush()
