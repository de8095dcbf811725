"""`massalia decp import`: DECP files through the import framework (core.imports).

One file is one transaction: a file that cannot be read to its end (truncated, not DECP, an
XML bomb, an oversized value) leaves nothing behind, not even its ImportRun, and says why in
one French sentence. Inside a readable file each record is imported or quarantined, so
`imported + quarantined = read` always; `normalised` counts imported records that needed a
repair (the repairs are kept on each ContractSource).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from massalia.core.imports import Importer, ImportFileError, Outcome, RecordRejected
from massalia.core.models import ImportRun
from massalia.transparency import reader, services
from massalia.transparency.models import QuarantinedRecord, QuarantineStatus
from massalia.transparency.normalise import Normalised, normalise


@dataclass
class Counts:
    read: int = 0
    imported: int = 0
    normalised: int = 0
    quarantined: int = 0

    def add(self, other: Counts) -> None:
        self.read += other.read
        self.imported += other.imported
        self.normalised += other.normalised
        self.quarantined += other.quarantined

    def line(self) -> str:
        return (
            f"read={self.read} imported={self.imported} "
            f"normalised={self.normalised} quarantined={self.quarantined}"
        )


class DecpImporter(Importer):
    kind = "decp"

    def __init__(self, path: Path, progress: reader.Progress | None = None) -> None:
        self.path = path
        self.name = path.name
        self.progress = progress
        self.token = uuid.uuid4().hex
        self.normalised = 0

    def records(self) -> Iterator[Any]:
        yield from reader.records(self.path, self.progress)

    def clean(self, record: Any) -> Normalised:
        try:
            result = normalise(record)
        except RecursionError:
            raise RecordRejected("enregistrement : trop imbriqué pour être lu") from None
        if result.errors:
            raise RecordRejected(*(f"{where} : {why}" for where, why in result.errors.items()))
        return result

    def save(self, clean: Normalised) -> Outcome:
        outcome, changes = services.store(clean, source=self.name, token=self.token)
        if changes:
            self.normalised += 1
        return outcome

    def finish(self, run: ImportRun) -> None:
        """Every rejected record of the run in quarantine, once per file and record."""
        for rejected in run.rejected_records.iterator():
            envelope = rejected.record if isinstance(rejected.record, dict) else {}
            raw = envelope.get("record", rejected.record)
            digest = hashlib.sha256(
                json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str).encode()
            ).hexdigest()
            values = {
                "schema_version": str(envelope.get("format", "2")),
                "kind": envelope.get("kind") or _kind_of(raw),
                "position": rejected.position,
                "reasons": services.reasons_by_field(rejected.reasons),
                "run": run,
            }
            found = QuarantinedRecord.objects.filter(source=self.name, digest=digest).first()
            if found is None:
                QuarantinedRecord.objects.create(source=self.name, digest=digest, raw=raw, **values)
            elif found.status == QuarantineStatus.PENDING:
                for name, value in values.items():
                    setattr(found, name, value)
                found.save()


def _kind_of(raw: Any) -> str:
    return "concession" if isinstance(raw, dict) and raw.get("autoriteConcedante") else "marche"


def import_file(path: Path, *, progress: reader.Progress | None = None) -> Counts:
    """Import one DECP file in one transaction; ImportFileError if it cannot be read."""
    if not path.is_file():
        raise ImportFileError(f"{path.name} : fichier introuvable")
    importer = DecpImporter(path, progress)
    try:
        with transaction.atomic():
            run = importer.run(source=path.name)
    except (OSError, MemoryError) as exc:
        raise ImportFileError(f"{path.name} : lecture impossible ({type(exc).__name__})") from exc
    return Counts(
        read=run.total,
        imported=run.created + run.updated + run.unchanged,
        normalised=importer.normalised,
        quarantined=run.rejected,
    )
