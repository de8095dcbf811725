"""The register's import: one CSV file, read by its header names, one camera a line.

Columns (any order, `;` or `,` between fields, UTF-8 with or without a byte-order mark):
`identifiant`, `adresse`, `latitude`, `longitude`, `finalites` (codes of `Purpose`, separated
by `|`), `exploitant`, `arrete` (the prefectoral order's number), `date_autorisation`,
`conservation_jours`, `champ` (`fixe` or `dome`); optional: `date_echeance` (five years after
the authorisation when empty), `fondement`, `statut` (`en-service`, `retiree`), `date_retrait`.
Any other column is ignored and never stored: the register keeps no image and no video.

A line that breaks a rule is kept with its reasons (`RejectedRecord`) and the others are
imported; importing the same file again changes nothing.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils.text import slugify

from massalia.cameras.models import (
    LEGAL_BASIS,
    MOST_RETENTION_DAYS,
    Camera,
    CameraPurpose,
    FieldOfView,
    Purpose,
    Status,
    expiry_for,
)
from massalia.core.imports import Importer, ImportFileError, Outcome, RecordRejected
from massalia.core.models import ImportRun
from massalia.core.text import clean_text
from massalia.territory import geo

REQUIRED = (
    "identifiant",
    "adresse",
    "latitude",
    "longitude",
    "finalites",
    "exploitant",
    "arrete",
    "date_autorisation",
    "conservation_jours",
    "champ",
)
FIELDS: tuple[str, ...] = (
    "address",
    "latitude",
    "longitude",
    "quartier_id",
    "operator",
    "legal_basis",
    "order_reference",
    "authorised_on",
    "expires_on",
    "retention_days",
    "field_of_view",
    "status",
    "removed_on",
)


def read_rows(text: str) -> list[dict[str, str]]:
    """The file's lines as dicts by header name; an ImportFileError when it has no usable
    header."""
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    headers = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in headers]
    if missing:
        raise ImportFileError(f"colonnes manquantes : {', '.join(missing)}")
    reader.fieldnames = headers
    return [{k: (v or "").strip() for k, v in row.items() if isinstance(k, str)} for row in reader]


def _date(text: str, column: str, reasons: list[str]) -> datetime.date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    reasons.append(f"{column} : date illisible « {text} » (AAAA-MM-JJ ou JJ/MM/AAAA attendu)")
    return None


def _number(text: str, column: str, reasons: list[str]) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        reasons.append(f"{column} : nombre illisible « {text} »")
        return None


class CameraImporter(Importer):
    kind = "caméras de vidéoprotection"

    def __init__(self, rows: list[dict[str, str]]) -> None:
        self.rows = rows
        self.seen: set[str] = set()

    def records(self) -> Iterator[dict[str, str]]:
        yield from self.rows

    def clean(self, record: dict[str, str]) -> dict[str, Any]:
        reasons: list[str] = []
        identifier = record.get("identifiant", "")
        if not identifier:
            reasons.append("identifiant manquant")
        elif slugify(identifier) != identifier.lower() or len(identifier) > 40:
            reasons.append(
                f"identifiant « {identifier} » : lettres, chiffres et tirets, 40 au plus"
            )
        elif identifier.lower() in self.seen:
            reasons.append(f"identifiant « {identifier} » en double dans le fichier")
        for column in ("adresse", "exploitant", "arrete"):
            if not record.get(column):
                reasons.append(f"{column} manquant")
        lat = _number(record.get("latitude", ""), "latitude", reasons)
        lon = _number(record.get("longitude", ""), "longitude", reasons)
        place = None
        if lat is not None and lon is not None:
            if not geo.valid_coordinates(lat, lon):
                reasons.append("coordonnées hors des bornes WGS84")
            else:
                place = geo.locate(lat, lon)
                if place is None:
                    reasons.append("position hors de la commune")
        purposes = self._purposes(record.get("finalites", ""), reasons)
        authorised = _date(record.get("date_autorisation", ""), "date_autorisation", reasons)
        expires: datetime.date | None = None
        if record.get("date_echeance"):
            expires = _date(record["date_echeance"], "date_echeance", reasons)
        elif authorised:
            expires = expiry_for(authorised)
        if authorised and expires:
            if expires <= authorised:
                reasons.append("date_echeance : antérieure à l'autorisation")
            elif expires > expiry_for(authorised):
                reasons.append("date_echeance : une autorisation vaut cinq ans au plus")
        retention = self._retention(record.get("conservation_jours", ""), reasons)
        view = record.get("champ", "").lower()
        if view not in FieldOfView.values:
            reasons.append(f"champ « {view} » inconnu (fixe ou dome)")
        status = record.get("statut", "").lower() or Status.IN_SERVICE
        if status not in Status.values:
            reasons.append(f"statut « {status} » inconnu (en-service ou retiree)")
        removed = None
        if record.get("date_retrait"):
            removed = _date(record["date_retrait"], "date_retrait", reasons)
        if status == Status.REMOVED and removed is None and not record.get("date_retrait"):
            reasons.append("date_retrait manquante pour une caméra retirée")
        if status == Status.IN_SERVICE and removed is not None:
            reasons.append("date_retrait donnée pour une caméra en service")
        if reasons:
            raise RecordRejected(*reasons)
        self.seen.add(identifier.lower())
        return {
            "identifier": identifier.lower(),
            "purposes": purposes,
            "values": {
                "address": clean_text(record["adresse"])[:200],
                "latitude": lat,
                "longitude": lon,
                "quartier_id": place.quartier_id if place else None,
                "operator": clean_text(record["exploitant"])[:120],
                "legal_basis": clean_text(record.get("fondement", ""))[:200] or LEGAL_BASIS,
                "order_reference": clean_text(record["arrete"])[:60],
                "authorised_on": authorised,
                "expires_on": expires,
                "retention_days": retention,
                "field_of_view": view,
                "status": status,
                "removed_on": removed,
            },
        }

    @staticmethod
    def _purposes(text: str, reasons: list[str]) -> list[str]:
        codes = sorted({code.strip().lower() for code in text.split("|") if code.strip()})
        if not codes:
            reasons.append("finalites : au moins une finalité")
        unknown = [code for code in codes if code not in Purpose.values]
        if unknown:
            reasons.append(f"finalites : inconnues « {', '.join(unknown)} »")
        return codes

    @staticmethod
    def _retention(text: str, reasons: list[str]) -> int | None:
        try:
            days = int(text)
        except ValueError:
            reasons.append(f"conservation_jours : nombre entier attendu, pas « {text} »")
            return None
        if not 1 <= days <= MOST_RETENTION_DAYS:
            reasons.append(
                f"conservation_jours : de 1 à {MOST_RETENTION_DAYS} jours (la loi), pas {days}"
            )
        return days

    def save(self, clean: dict[str, Any]) -> Outcome:
        values = clean["values"]
        camera = Camera.objects.filter(identifier=clean["identifier"]).first()
        outcome: Outcome = "unchanged"
        if camera is None:
            camera = Camera.objects.create(identifier=clean["identifier"], **values)
            outcome = "created"
        else:
            changed = [name for name in FIELDS if getattr(camera, name) != values[name]]
            if changed:
                for name in changed:
                    setattr(camera, name, values[name])
                camera.save()
                outcome = "updated"
        have = set(camera.purposes.values_list("purpose", flat=True))
        want = set(clean["purposes"])
        if have != want:
            camera.purposes.exclude(purpose__in=want).delete()
            CameraPurpose.objects.bulk_create(
                CameraPurpose(camera=camera, purpose=code) for code in sorted(want - have)
            )
            if outcome == "unchanged":
                camera.save(update_fields=["updated_at"])
                outcome = "updated"
        return outcome


def import_text(text: str, *, source: str, progress: Any = None) -> ImportRun:
    """Import the register's CSV `text`; the run counts created, updated, unchanged and
    rejected lines."""
    return CameraImporter(read_rows(text)).run(source=source, progress=progress)


def import_file(path: Path | str, *, progress: Any = None) -> ImportRun:
    """Import the register from a CSV file (see the module's docstring for its columns)."""
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except OSError as exc:
        raise ImportFileError(f"fichier illisible : {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ImportFileError("fichier illisible : UTF-8 attendu") from None
    return import_text(text, source=str(path), progress=progress)
