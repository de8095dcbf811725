"""The one streaming import framework.

An importer reads records one at a time (`records()`), validates each one (`clean()` returns
the clean value or raises RecordRejected with reasons), and upserts it by a natural key
(`save()` returns "created", "updated" or "unchanged"). Rejected records are stored with their
reasons in `RejectedRecord`; nothing is silently dropped. Re-running an import is idempotent.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any, Literal, TextIO

from django.db import transaction
from django.utils import timezone

from massalia.core.models import ImportRun, RejectedRecord

Outcome = Literal["created", "updated", "unchanged"]


class RecordRejected(ValueError):
    def __init__(self, *reasons: str) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = list(reasons)


class ImportFileError(ValueError):
    """The file as a whole cannot be read (not the format announced): nothing is imported."""


class Importer:
    kind = "records"
    batch_size = 500

    def records(self) -> Iterator[Any]:
        raise NotImplementedError

    def clean(self, record: Any) -> Any:
        raise NotImplementedError

    def save(self, clean: Any) -> Outcome:
        raise NotImplementedError

    def finish(self, run: ImportRun) -> None:
        """Called once after all records, inside the last transaction (e.g. to rebuild indexes)."""

    def run(self, *, source: str, progress: TextIO | None = None) -> ImportRun:
        """Import every record, batch by batch; returns the run with its counts."""
        run = ImportRun.objects.create(kind=self.kind, source=source[:500])
        bar = _Progress(progress)
        for batch in _batches(enumerate(self.records(), start=1), self.batch_size):
            with transaction.atomic():
                for position, record in batch:
                    self._one(run, position, record)
            bar.show(run)
        with transaction.atomic():
            self.finish(run)
            run.finished_at = timezone.now()
            run.save()
        bar.done(run)
        return run

    def _one(self, run: ImportRun, position: int, record: Any) -> None:
        try:
            with transaction.atomic():
                outcome = self.save(self.clean(record))
        except RecordRejected as exc:
            RejectedRecord.objects.create(
                run=run, position=position, record=_jsonable(record), reasons=exc.reasons
            )
            run.rejected += 1
            return
        setattr(run, outcome, getattr(run, outcome) + 1)


def summary(run: ImportRun) -> str:
    return (
        f"{run.kind}: {run.total} enregistrements lus — {run.created} créés, "
        f"{run.updated} mis à jour, {run.unchanged} inchangés, {run.rejected} rejetés"
    )


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _jsonable(record: Any) -> Any:
    try:
        json.dumps(record)
        return record
    except (TypeError, ValueError):
        return repr(record)


class _Progress:
    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream
        self.interactive = bool(stream and getattr(stream, "isatty", lambda: False)())

    def show(self, run: ImportRun) -> None:
        if self.stream and self.interactive:
            self.stream.write(f"\r{run.kind}: {run.total} enregistrements…")
            self.stream.flush()

    def done(self, run: ImportRun) -> None:
        if self.stream:
            if self.interactive:
                self.stream.write("\r")
            self.stream.write(summary(run) + "\n")


def stderr() -> TextIO:
    return sys.stderr
