"""`massalia decp import FILE…`: DECP files (v1 or v2, JSON or XML) into the contracts; a FILE
may be an http(s) address on a configured host (`transparency.download`).

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
        imp.add_argument(
            "files",
            nargs="+",
            metavar="FILE",
            help="un fichier, ou une adresse http(s) d'un hôte de DECP_SOURCE_HOSTS",
        )

    def handle(self, *args: Any, action: str, files: list[str], **options: Any) -> None:
        from massalia.transparency.importer import Counts

        total = Counts()
        failed: list[str] = []
        for source in files:
            bar = Bar(sys.stderr, source.rsplit("/", 1)[-1])
            try:
                total.add(_import(source, bar))
            except ImportFileError as exc:
                failed.append(str(exc))
            finally:
                bar.close()
        for message in failed:
            self.stderr.write(f"Fichier refusé, rien n'en a été importé : {message}")
        self.stdout.write(total.line())
        if failed:
            raise CommandError(f"{len(failed)} fichier(s) refusé(s) sur {len(files)}")


def _import(source: str, bar: Bar) -> Any:
    from massalia.transparency import download
    from massalia.transparency.importer import import_file

    if not download.is_url(source):
        return import_file(Path(source), progress=bar.show)
    with download.downloaded(source) as path:
        return import_file(path, progress=bar.show)


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
