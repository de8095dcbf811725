"""The school map from a CSV file: one line per street, house-number range and side.

Columns (`;` or `,`, UTF-8, a header row): `code_ecole`, `nom_ecole`, `type_ecole`
(maternelle, elementaire, primaire), `adresse_ecole` (optional), `voie`, `numero_debut`,
`numero_fin`, `cote` (pair, impair, tous). The school is created or renamed from its code; the
street must be one the gazetteer knows. A line whose range overlaps another school's line of
the same kind on the same street and side is refused: the map must give one answer.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Q
from django.utils.text import slugify

from massalia.core.imports import Importer, ImportFileError, Outcome, RecordRejected
from massalia.eservices.levels import SchoolKind
from massalia.eservices.models import School, SectorLine
from massalia.territory import gazetteer
from massalia.territory.models import Street

COLUMNS = ("code_ecole", "nom_ecole", "type_ecole", "voie", "numero_debut", "numero_fin", "cote")
SIDES = {"pair": "pair", "pairs": "pair", "impair": "impair", "impairs": "impair", "tous": "tous"}
MAX_NUMBER = 100_000


@dataclass(frozen=True)
class CleanLine:
    code: str
    name: str
    kind: str
    address: str
    street_name: str
    street_key: str
    first: int
    last: int
    side: str


class SchoolMapImporter(Importer):
    kind = "carte scolaire"

    def __init__(self, source: Path | str | io.TextIOBase) -> None:
        self.source = source

    def records(self) -> Iterator[dict[str, str]]:
        text = self._text()
        dialect = (
            ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
        )
        reader = csv.DictReader(io.StringIO(text), delimiter=dialect)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ImportFileError("Colonnes manquantes : " + ", ".join(missing))
        for row in reader:
            yield {k.strip(): (v or "").strip() for k, v in row.items() if k}

    def _text(self) -> str:
        if isinstance(self.source, io.TextIOBase):
            return self.source.read()
        try:
            return Path(self.source).read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFileError("Le fichier n'est pas en UTF-8.") from exc

    def clean(self, record: dict[str, str]) -> CleanLine:
        reasons: list[str] = []
        code = slugify(record.get("code_ecole", ""))[:20]
        name = record.get("nom_ecole", "")[:200]
        kind = record.get("type_ecole", "").lower()
        if not code:
            reasons.append("code_ecole manquant")
        if not name:
            reasons.append("nom_ecole manquant")
        if kind not in SchoolKind.values:
            reasons.append(
                f"type_ecole inconnu : « {kind[:40]} » (maternelle, elementaire, primaire)"
            )
        side = SIDES.get(record.get("cote", "").lower())
        if side is None:
            reasons.append(f"cote inconnu : « {record.get('cote', '')[:20]} » (pair, impair, tous)")
        first = _number(record.get("numero_debut", ""), "numero_debut", reasons)
        last = _number(record.get("numero_fin", ""), "numero_fin", reasons)
        if first is not None and last is not None and first > last:
            reasons.append(f"numero_debut ({first}) après numero_fin ({last})")
        street = _street(record.get("voie", ""), reasons)
        if reasons:
            raise RecordRejected(*reasons)
        assert street and side and first is not None and last is not None
        line = CleanLine(
            code,
            name,
            kind,
            record.get("adresse_ecole", "")[:250],
            street[0],
            street[1],
            first,
            last,
            side,
        )
        _check_overlap(line)
        return line

    def save(self, clean: CleanLine) -> Outcome:
        school, created = School.objects.get_or_create(
            code=clean.code,
            defaults={"name": clean.name, "kind": clean.kind, "address": clean.address},
        )
        if not created and (school.name, school.kind) != (clean.name, clean.kind):
            school.name, school.kind = clean.name, clean.kind
            school.address = clean.address or school.address
            school.save()
        _, made = SectorLine.objects.get_or_create(
            street_key=clean.street_key,
            first_number=clean.first,
            last_number=clean.last,
            side=clean.side,
            school=school,
            defaults={"street_name": clean.street_name},
        )
        if created or made:
            return "created"
        return "unchanged"


def _number(text: str, column: str, reasons: list[str]) -> int | None:
    if not text.isdigit() or not 0 < int(text) < MAX_NUMBER:
        reasons.append(f"{column} n'est pas un numéro de rue : « {text[:20]} »")
        return None
    return int(text)


def _street(text: str, reasons: list[str]) -> tuple[str, str] | None:
    key = gazetteer.normalize(text)[:200]
    if not key:
        reasons.append("voie manquante")
        return None
    street = Street.objects.filter(normalized=key).first()
    if street is None:
        reasons.append(f"voie inconnue du répertoire des rues : « {text[:100]} »")
        return None
    return street.name, key


def _check_overlap(line: CleanLine) -> None:
    sides = [line.side] if line.side == "tous" else [line.side, "tous"]
    if line.side == "tous":
        sides = ["pair", "impair", "tous"]
    kinds = (
        [line.kind, SchoolKind.PRIMAIRE]
        if line.kind != SchoolKind.PRIMAIRE
        else list(SchoolKind.values)
    )
    other = (
        SectorLine.objects.filter(
            street_key=line.street_key,
            side__in=sides,
            first_number__lte=line.last,
            last_number__gte=line.first,
            school__kind__in=kinds,
        )
        .exclude(school__code=line.code)
        .filter(~Q(first_number__lt=line.first, last_number__gt=line.last))
        .filter(~Q(first_number__gt=line.first, last_number__lt=line.last))
        .select_related("school")
        .first()
    )
    if other is not None:
        raise RecordRejected(
            f"chevauche la ligne {other.first_number}–{other.last_number} "
            f"({other.get_side_display()}) de {other.school.name}"
        )
