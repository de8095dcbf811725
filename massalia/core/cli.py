"""What the commands that read a file named on their command line share."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import TextIO, TypeVar

from django.core.management.base import CommandError

R = TypeVar("R")


def read_csv_file(
    file: str,
    reader: Callable[[TextIO], R],
    *,
    refusals: tuple[type[Exception], ...] = (),
) -> R:
    """`reader` run on the UTF-8 CSV file `file` (a byte-order mark is skipped). What makes
    the whole file unusable (missing, unreadable, not UTF-8, not CSV, or one of `refusals`,
    e.g. a missing column) is a `CommandError` saying so in one line, with exit status 2;
    the rows the reader refuses one by one are its own to report."""
    try:
        with Path(file).open(encoding="utf-8-sig", newline="") as stream:
            return reader(stream)
    except OSError as exc:
        raise CommandError(f"{file} : fichier illisible ({exc.strerror})", returncode=2) from None
    except UnicodeDecodeError:
        raise CommandError(f"{file} : le fichier n'est pas en UTF-8", returncode=2) from None
    except csv.Error as exc:
        raise CommandError(f"{file} : CSV illisible ({exc})", returncode=2) from None
    except refusals as exc:
        raise CommandError(f"{file} : {exc}", returncode=2) from None
