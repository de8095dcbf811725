"""The in-process scheduler: intervals, failures, one runner per entry, a thread that stops.

Time is a clock the tests step by hand; nothing sleeps.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from massalia.core.models import ScheduledEntry
from massalia.core.schedule import Entry
from massalia.core.scheduler import Scheduler, start_in_background
from massalia.core.tasks import task

START = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
runs: list[str] = []


class Clock:
    """A clock that moves only when the test says so."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def step(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@task
def sweep() -> None:
    runs.append("sweep")


@task
def digest() -> None:
    runs.append("digest")


@task
def broken() -> None:
    runs.append("broken")
    raise RuntimeError("SMTP injoignable")


def entry(name: str, fn, **every: float) -> Entry:
    return Entry(name=name, every=timedelta(**every), task=f"{__name__}.{fn.__name__}")


@pytest.fixture(autouse=True)
def forget_runs():
    runs.clear()


def test_it_runs_each_entry_at_its_interval(db):
    clock = Clock()
    scheduler = Scheduler(
        [entry("sweep", sweep, minutes=1), entry("digest", digest, minutes=5)], clock=clock
    )
    assert scheduler.tick() == []  # first seen now: first run one interval later, as beat does
    for _ in range(10):
        clock.step(minutes=1)
        scheduler.tick()
    assert runs.count("sweep") == 10
    assert runs.count("digest") == 2
    row = ScheduledEntry.objects.get(name="digest")
    assert row.last_started_at == START + timedelta(minutes=10)
    assert row.next_run_at == START + timedelta(minutes=15)
    assert row.locked_until is None and row.last_error == ""


def test_it_makes_up_a_missed_run_once(db):
    clock = Clock()
    scheduler = Scheduler([entry("sweep", sweep, minutes=1)], clock=clock)
    scheduler.tick()
    clock.step(hours=3)  # the machine was off
    scheduler.tick()
    scheduler.tick()
    assert runs == ["sweep"]
    clock.step(seconds=59)
    scheduler.tick()
    assert runs == ["sweep"]
    clock.step(seconds=1)
    scheduler.tick()
    assert runs == ["sweep", "sweep"]


def test_it_keeps_running_the_others_when_one_fails(db):
    clock = Clock()
    scheduler = Scheduler(
        [entry("broken", broken, minutes=1), entry("sweep", sweep, minutes=1)], clock=clock
    )
    scheduler.tick()
    clock.step(minutes=1)
    outcomes = scheduler.tick()
    assert [(o.entry, o.ok) for o in outcomes] == [("broken", False), ("sweep", True)]
    assert ScheduledEntry.objects.get(name="broken").last_error == (
        "RuntimeError: SMTP injoignable"
    )
    clock.step(minutes=1)
    scheduler.tick()  # a failure does not stop the entry either: it runs at its next interval
    assert runs == ["broken", "sweep", "broken", "sweep"]
    assert ScheduledEntry.objects.get(name="broken").locked_until is None


# Another scheduler (another process on the same database), ticking while an entry runs.
others: list[Scheduler] = []
seen_by_others: list[list[str]] = []


@task
def slow_digest() -> None:
    runs.append("digest")
    for other in others:
        other.clock.step(minutes=6)  # type: ignore[attr-defined]  # longer than its interval
        seen_by_others.append([o.entry for o in other.tick()])


def test_it_never_runs_one_entry_in_two_schedulers_at_once(db):
    clock = Clock()
    schedule = [entry("digest", slow_digest, minutes=5), entry("sweep", sweep, minutes=1)]
    first = Scheduler(schedule, clock=clock, owner="first")
    others[:] = [Scheduler(schedule, clock=clock, owner="second")]
    seen_by_others.clear()
    first.tick()
    clock.step(minutes=5)
    try:
        first.tick()
    finally:
        others.clear()
    # The digest is due again while its first run goes on: the second scheduler leaves it.
    assert seen_by_others == [["sweep"]]
    assert runs == ["digest", "sweep"]
    row = ScheduledEntry.objects.get(name="digest")
    assert row.locked_by == "" and row.locked_until is None  # released after the run
    clock.step(minutes=5)
    assert [o.entry for o in Scheduler(schedule, clock=clock).tick()] == ["digest", "sweep"]


def test_it_frees_the_entry_of_a_scheduler_that_died(db, settings):
    settings.SCHEDULER_LOCK_SECONDS = 600
    clock = Clock()
    schedule = [entry("sweep", sweep, minutes=1)]
    dead = Scheduler(schedule, clock=clock, owner="dead")
    dead.tick()
    clock.step(minutes=1)
    assert dead._claim(schedule[0], clock())  # it took the entry, then the process was killed
    alive = Scheduler(schedule, clock=clock, owner="alive")
    clock.step(minutes=5)
    assert alive.tick() == []
    clock.step(minutes=5)
    assert [o.entry for o in alive.tick()] == ["sweep"]
    assert runs == ["sweep"]


def test_it_applies_a_shortened_interval_at_once(db):
    clock = Clock()
    Scheduler([entry("digest", digest, days=1)], clock=clock).tick()
    clock.step(minutes=10)
    restarted = Scheduler([entry("digest", digest, minutes=5)], clock=clock)
    restarted.tick()
    clock.step(minutes=5)
    restarted.tick()
    assert runs == ["digest"]


def test_it_says_how_long_it_may_wait(db):
    clock = Clock()
    scheduler = Scheduler([entry("digest", digest, seconds=20)], clock=clock)
    assert scheduler.seconds_until_due() == 0.0  # no row yet: tick at once
    scheduler.tick()
    clock.step(seconds=5)
    assert scheduler.seconds_until_due() == 15.0
    hourly = Scheduler([entry("digest", digest, hours=1)], clock=clock)
    ScheduledEntry.objects.update(next_run_at=clock() + timedelta(hours=1))
    assert hourly.seconds_until_due() == 60.0  # capped: other schedulers' work is noticed


ran_in_thread = threading.Event()


@task
def signal_thread() -> None:
    ran_in_thread.set()


class Leaping:
    """Each reading is an hour after the last: every tick finds the entry due again."""

    def __init__(self) -> None:
        self.now = START
        self.lock = threading.Lock()

    def __call__(self) -> datetime:
        with self.lock:
            self.now += timedelta(hours=1)
            return self.now


@pytest.mark.django_db(transaction=True)
def test_it_runs_in_a_background_thread_and_stops_cleanly():
    ran_in_thread.clear()
    background = start_in_background(
        Scheduler([entry("signal", signal_thread, minutes=1)], clock=Leaping())
    )
    try:
        assert ran_in_thread.wait(timeout=30), "the scheduler thread never ran its entry"
    finally:
        stopped = background.stop(timeout=30)
    assert stopped
    assert not background.thread.is_alive()
    assert ScheduledEntry.objects.get(name="signal").last_finished_at is not None


def test_the_command_runs_the_due_entries_once(db, settings):
    settings.SCHEDULE = {
        "sweep": (60.0, f"{__name__}.sweep"),
        "broken": (60.0, f"{__name__}.broken"),
    }
    ScheduledEntry.objects.create(name="sweep", next_run_at=timezone.now() - timedelta(seconds=1))
    ScheduledEntry.objects.create(name="broken", next_run_at=timezone.now() - timedelta(seconds=1))
    out = StringIO()
    call_command("scheduler", "--once", stdout=out)
    assert runs == ["sweep", "broken"]
    assert "sweep : fait" in out.getvalue()
    assert "broken : échec (RuntimeError: SMTP injoignable)" in out.getvalue()


def test_the_command_lists_the_schedule(db, settings):
    settings.SCHEDULE = {"sweep": (30.0, f"{__name__}.sweep")}
    out = StringIO()
    call_command("scheduler", "--list", stdout=out)
    assert "sweep" in out.getvalue() and "toutes les 30 s" in out.getvalue()
    assert runs == []
