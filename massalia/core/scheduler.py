"""Run the schedule (settings.SCHEDULE) in-process: embedded mode's Celery beat.

`Scheduler.tick()` runs, one after the other, every entry that is due; `Scheduler.run(stop)`
ticks until `stop` is set, waiting until the next entry is due; `start_in_background()` does
that in a thread (what `massalia demo` starts) and `massalia scheduler` in the foreground.

- Each entry runs every `every`, counted from its last start. The first run comes one interval
  after a scheduler first saw the entry (as with beat); a run missed while nothing was running
  is made up once, not once per missed interval.
- An entry that raises is logged and recorded on its row (`last_error`); the others run.
- Each entry's `ScheduledEntry` row is its lock: a scheduler claims a due entry with one
  conditional UPDATE, so two schedulers never run one entry at the same time, and a scheduler
  that died mid-run frees it after SCHEDULER_LOCK_SECONDS.
- Time comes from an injectable clock, so tests step it instead of sleeping.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, connections
from django.db.models import Q
from django.utils import timezone

from massalia.core.models import ScheduledEntry
from massalia.core.schedule import Entry, entries
from massalia.core.tasks import registered

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]

# The longest wait between two ticks: another scheduler's runs, or a row changed by hand, are
# noticed within this delay.
MAX_WAIT = timedelta(seconds=60)


@dataclass(frozen=True)
class Outcome:
    """What one run of one entry gave."""

    entry: str
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


class Scheduler:
    """Runs the entries it is given (the settings' schedule by default) when they are due."""

    def __init__(
        self,
        schedule: list[Entry] | None = None,
        *,
        clock: Clock = timezone.now,
        owner: str | None = None,
    ) -> None:
        self.schedule = entries() if schedule is None else schedule
        self.clock = clock
        # Names the lock's holder, for people reading the table.
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self._rows_ready = False

    def tick(self) -> list[Outcome]:
        """Run every entry due now, in the schedule's order; return what ran."""
        now = self.clock()
        if not self._rows_ready:
            self._prepare(now)
        due = set(
            ScheduledEntry.objects.filter(
                self._free(now),
                name__in=[entry.name for entry in self.schedule],
                next_run_at__lte=now,
            ).values_list("name", flat=True)
        )
        outcomes = []
        for entry in self.schedule:
            # An earlier entry may have taken a while: claim with the time it is now.
            if entry.name in due and self._claim(entry, self.clock()):
                outcomes.append(self._run(entry))
        return outcomes

    def seconds_until_due(self) -> float:
        """How long this scheduler may wait before something can be due, capped at MAX_WAIT."""
        now = self.clock()
        rows = ScheduledEntry.objects.filter(name__in=[entry.name for entry in self.schedule])
        times = [max(row.next_run_at, row.locked_until or row.next_run_at) for row in rows]
        if not times or len(times) < len(self.schedule):
            return 0.0  # rows missing (a new entry, a flushed table): tick now to create them
        wait = min(min(times) - now, MAX_WAIT)
        return max(wait.total_seconds(), 0.0)

    def run(self, stop: threading.Event) -> None:
        """Tick until `stop` is set; a failing tick (database away) is logged and retried."""
        log.info("scheduler %s started: %d entries", self.owner, len(self.schedule))
        while not stop.is_set():
            # A connection left broken by a database restart is replaced, not reused.
            close_old_connections()
            try:
                self.tick()
                wait = self.seconds_until_due()
            except Exception:
                log.exception("scheduler tick failed")
                self._rows_ready = False
                wait = MAX_WAIT.total_seconds()
            stop.wait(max(wait, 0.5))  # never spin, even when an entry is already due again
        log.info("scheduler %s stopped", self.owner)

    def _prepare(self, now: datetime) -> None:
        ScheduledEntry.objects.bulk_create(
            [
                ScheduledEntry(name=entry.name, next_run_at=now + entry.every)
                for entry in self.schedule
            ],
            ignore_conflicts=True,
        )
        for entry in self.schedule:
            # An interval shortened in the settings applies now, not after the old interval.
            ScheduledEntry.objects.filter(
                name=entry.name, next_run_at__gt=now + entry.every
            ).update(next_run_at=now + entry.every)
        self._rows_ready = True

    @staticmethod
    def _free(now: datetime) -> Q:
        return Q(locked_until__isnull=True) | Q(locked_until__lte=now)

    def _claim(self, entry: Entry, now: datetime) -> bool:
        # One statement both checks and takes the lock: of two schedulers, one updates the row.
        claimed = ScheduledEntry.objects.filter(
            self._free(now), name=entry.name, next_run_at__lte=now
        ).update(
            locked_until=now + timedelta(seconds=settings.SCHEDULER_LOCK_SECONDS),
            locked_by=self.owner,
            last_started_at=now,
            next_run_at=now + entry.every,
        )
        return claimed == 1

    def _run(self, entry: Entry) -> Outcome:
        error = ""
        try:
            registered(entry.task)()
        except Exception as exc:
            log.exception("scheduled entry %s (%s) failed", entry.name, entry.task)
            error = f"{type(exc).__name__}: {exc}"[:2000]
        ScheduledEntry.objects.filter(name=entry.name, locked_by=self.owner).update(
            locked_until=None, locked_by="", last_finished_at=self.clock(), last_error=error
        )
        return Outcome(entry=entry.name, error=error)


class Background:
    """A scheduler running in a thread of this process, until `stop()`."""

    def __init__(self, scheduler: Scheduler) -> None:
        self.scheduler = scheduler
        self._stop = threading.Event()
        # A daemon thread: a task stuck on the network never keeps the process from exiting.
        self.thread = threading.Thread(target=self._main, name="massalia-scheduler", daemon=True)

    def _main(self) -> None:
        try:
            self.scheduler.run(self._stop)
        finally:
            connections.close_all()

    def stop(self, timeout: float = 30.0) -> bool:
        """Ask the thread to stop (after the entry it is running, if any); True once it has."""
        self._stop.set()
        self.thread.join(timeout)
        return not self.thread.is_alive()


def start_in_background(scheduler: Scheduler | None = None) -> Background:
    """Start running the schedule in a thread of this process (embedded mode, the demo)."""
    background = Background(scheduler or Scheduler())
    background.thread.start()
    return background
