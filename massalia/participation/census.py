"""One person, one vote: a resident's identity as a keyed hash, and the census file import.

The census file (name, first name, birth date, postcode) is read through `core.imports`:
each row becomes a `CensusEntry` holding only `identity_key(...)`, an HMAC-SHA256 keyed by
the site's secret and the process. The clear data is never stored: a rejected row is kept
with its reasons and its masked outline (initials, birth year, postcode), and a key means
nothing outside its process. Rotating SECRET_KEY makes the keys unmatchable: import the
file again.
"""

from __future__ import annotations

import csv
import datetime
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import IO

from django.utils.crypto import salted_hmac

from massalia.core.imports import Importer, ImportFileError, Outcome, RecordRejected
from massalia.participation.models import CensusEntry, Process
from massalia.territory import commune

COLUMNS = ("nom", "prenom", "date_naissance", "code_postal")
NAME_MAX = 100
_POSTCODE = re.compile(r"[0-9]{5}")
# Letters of any script, spaces, hyphens, apostrophes and dots make a name; nothing else.
_NOT_A_NAME = re.compile(r"[^\w\s'’.\-]|[\d_]")
_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


def normal_name(value: str) -> str:
    """Accents, case, hyphens and apostrophes do not make two people: 'Jean-Loup D'Aubé'
    and 'JEAN LOUP D AUBE' are one name."""
    letters = unicodedata.normalize("NFKD", value)
    letters = "".join(c for c in letters if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]|_", " ", letters).split())


def identity_key(
    process: Process, *, last_name: str, first_name: str, birth_date: datetime.date, postcode: str
) -> str:
    """The keyed hash a census row and a resident's own answers are compared by."""
    value = "|".join(
        (normal_name(last_name), normal_name(first_name), birth_date.isoformat(), postcode)
    )
    salt = f"massalia.participation.census.{process.pk}"
    return salted_hmac(salt, value, algorithm="sha256").hexdigest()


def parse_date(value: str) -> datetime.date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _initial(value: str) -> str:
    shown = normal_name(value)[:1].upper()
    return f"{shown}…" if shown else "—"


@dataclass(frozen=True)
class CensusRow:
    """A row of the file. Its repr is what a rejected row keeps: no clear name or date."""

    last_name: str
    first_name: str
    birth_date: str
    postcode: str

    def __repr__(self) -> str:
        year = self.birth_date.strip()[-4:] if "/" in self.birth_date else self.birth_date[:4]
        return (
            f"nom {_initial(self.last_name)}, prénom {_initial(self.first_name)}, "
            f"né(e) en {year[:4] if year.isdigit() else '—'}, code postal {self.postcode[:5]}"
        )


@dataclass(frozen=True)
class Identity:
    last_name: str
    first_name: str
    birth_date: datetime.date
    postcode: str


def check_identity(
    *, last_name: str, first_name: str, birth_date: str | datetime.date, postcode: str
) -> tuple[Identity | None, list[str]]:
    """The identity, or the reasons it cannot be one (French, without the values)."""
    reasons = []
    names = {"nom": last_name, "prénom": first_name}
    for label, name in names.items():
        if not normal_name(name):
            reasons.append(f"{label} manquant")
        elif len(name) > NAME_MAX or _NOT_A_NAME.search(name):
            reasons.append(f"{label} illisible")
    born = birth_date if isinstance(birth_date, datetime.date) else parse_date(birth_date)
    if born is None:
        reasons.append("date de naissance illisible (JJ/MM/AAAA attendu)")
    elif not datetime.date(1900, 1, 1) <= born <= datetime.date.today():
        reasons.append("date de naissance impossible")
    code = postcode.strip()
    if not _POSTCODE.fullmatch(code):
        reasons.append("code postal illisible (cinq chiffres attendus)")
    elif code not in commune.current().postcodes:
        reasons.append("code postal hors de la commune")
    if reasons or born is None:
        return None, reasons
    return Identity(last_name, first_name, born, code), []


def read_rows(stream: IO[str]) -> Iterator[CensusRow]:
    """The rows of a CSV file (`;` or `,`), its header naming COLUMNS in any order."""
    first = stream.readline()
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(chain([first], stream), delimiter=delimiter)
    fields = [normal_name(f).replace(" ", "_") for f in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in fields]
    if missing:
        raise ImportFileError(
            "colonnes attendues : "
            + ", ".join(COLUMNS)
            + " (manquent : "
            + ", ".join(missing)
            + ")"
        )
    names = dict(zip(fields, reader.fieldnames or [], strict=True))
    for row in reader:
        yield CensusRow(*(str(row.get(names[c]) or "") for c in COLUMNS))


class CensusImporter(Importer):
    """A process's census file: one `CensusEntry` per resident; the same resident twice, or
    the same file again, adds nothing."""

    kind = "participation.census"

    def __init__(self, process: Process, rows: Iterable[CensusRow]) -> None:
        self.process = process
        self.rows = rows

    def records(self) -> Iterator[CensusRow]:
        yield from self.rows

    def clean(self, record: CensusRow) -> str:
        identity, reasons = check_identity(
            last_name=record.last_name,
            first_name=record.first_name,
            birth_date=record.birth_date,
            postcode=record.postcode,
        )
        if identity is None:
            raise RecordRejected(*reasons)
        return identity_key(
            self.process,
            last_name=identity.last_name,
            first_name=identity.first_name,
            birth_date=identity.birth_date,
            postcode=identity.postcode,
        )

    def save(self, clean: str) -> Outcome:
        _, created = CensusEntry.objects.get_or_create(process=self.process, key=clean)
        return "created" if created else "unchanged"
