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
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from massalia.core.imports import Importer, ImportFileError, Outcome, RecordRejected
from massalia.core.models import ImportRun, RejectedRecord
from massalia.transparency import reader, services
from massalia.transparency.models import QuarantinedRecord, QuarantineStatus
from massalia.transparency.normalise import Normalised, normalise

READ_AHEAD = 500  # records normalised before the first of them is stored


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
        self.writes = services.Writes()
        self.ready: deque[Normalised | RecordRejected] = deque()

    def records(self) -> Iterator[Any]:
        """The file's records, normalised a chunk ahead so that one query per chunk tells
        which of their contracts are new."""
        chunk: list[Any] = []
        for record in reader.records(self.path, self.progress):
            chunk.append(record)
            if len(chunk) >= READ_AHEAD:
                yield from self._ahead(chunk)
                chunk = []
        yield from self._ahead(chunk)

    def _ahead(self, chunk: list[Any]) -> Iterator[Any]:
        results = [_normalise(record) for record in chunk]
        self.writes.expect([r.key for r in results if isinstance(r, Normalised) and not r.errors])
        self.ready.extend(results)
        yield from chunk

    def clean(self, record: Any) -> Normalised:
        # The framework cleans the records in the order records() gives them.
        result = self.ready.popleft() if self.ready else _normalise(record)
        if isinstance(result, RecordRejected):
            raise result
        if result.errors:
            raise RecordRejected(*(f"{where} : {why}" for where, why in result.errors.items()))
        return result

    def save(self, clean: Normalised) -> Outcome:
        # The framework holds each record in a savepoint already: no second one here.
        outcome, changes = services.store_in_import(
            clean, source=self.name, token=self.token, writes=self.writes
        )
        if changes:
            self.normalised += 1
        return outcome

    def finish(self, run: ImportRun) -> None:
        """The contracts still waiting written, then every rejected record of the run in
        quarantine, once per file and record."""
        self.writes.flush()
        chunk: list[tuple[str, dict[str, Any]]] = []
        for rejected in run.rejected_records.iterator():
            chunk.append(self._quarantined(run, rejected))
            if len(chunk) >= READ_AHEAD:
                self._quarantine(chunk)
                chunk = []
        self._quarantine(chunk)

    def _quarantined(self, run: ImportRun, rejected: RejectedRecord) -> tuple[str, dict[str, Any]]:
        envelope = rejected.record if isinstance(rejected.record, dict) else {}
        raw = envelope.get("record", rejected.record)
        digest = hashlib.sha256(
            json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str).encode()
        ).hexdigest()
        return digest, {
            "raw": raw,
            "schema_version": str(envelope.get("format", "2")),
            "kind": envelope.get("kind") or _kind_of(raw),
            "position": rejected.position,
            "reasons": services.reasons_by_field(rejected.reasons),
            "run": run,
        }

    def _quarantine(self, chunk: list[tuple[str, dict[str, Any]]]) -> None:
        """New records in quarantine in one statement; those already there, if still pending,
        take the new reading (the last of the file when it holds one record twice)."""
        latest = dict(chunk)
        found = QuarantinedRecord.objects.filter(source=self.name, digest__in=latest)
        for row in found:
            values = latest.pop(row.digest)
            if row.status == QuarantineStatus.PENDING:
                del values["raw"]
                for name, value in values.items():
                    setattr(row, name, value)
                row.save()
        QuarantinedRecord.objects.bulk_create(
            QuarantinedRecord(source=self.name, digest=digest, **values)
            for digest, values in latest.items()
        )


def _normalise(record: Any) -> Normalised | RecordRejected:
    try:
        return normalise(record)
    except RecursionError:
        return RecordRejected("enregistrement : trop imbriqué pour être lu")


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
