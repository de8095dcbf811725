"""A Celery worker killed while a subscriber runs loses nothing and does nothing twice.

A real worker takes an event whose subscriber blocks on a flag file; the test SIGKILLs it in
the middle. The subscriber's transaction dies with the worker's database connection, so the
delivery row is still pending. A new worker, whose embedded beat runs the sweeper every
second (as `celery beat` does in production), runs the delivery again: its effect is recorded
exactly once and the delivery is done.

Needs PostgreSQL (the worker opens the test database) and Redis on 127.0.0.1:6379; skipped
otherwise, except that a PostgreSQL run with MASSALIA_REQUIRE_SERVICES=1 fails without Redis.
"""

from __future__ import annotations

import dataclasses
import os
import time
import uuid
from pathlib import Path

import pytest

from massalia.core.events import DomainEvent, event, publish, subscriber
from massalia.core.models import EventDelivery, OutboxEvent
from massalia.core.tests.celery_workers import (
    kill,
    redis_or_skip,
    start_worker,
    use_celery,
    wait_for,
    worker_database_url,
)

STEP_DEADLINE = 40.0  # seconds for each wait; the whole test stays under 90 s
EFFECT = "tests.worker_kill_effect"


@event
@dataclasses.dataclass(frozen=True, kw_only=True)
class SlowProbe(DomainEvent):
    """Published only by this test; the workers import this module with -I."""

    name = "tests.worker_kill_probe"
    token: str
    folder: str


@subscriber(SlowProbe)
def record_slowly(probe: SlowProbe) -> None:
    folder = Path(probe.folder)
    with (folder / "started").open("a") as started:
        started.write(f"{os.getpid()}\n")
    # Blocks until the test lets it finish: the first worker is killed while it waits here.
    deadline = time.monotonic() + STEP_DEADLINE
    while not (folder / "go").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("the test never let the subscriber finish")
        time.sleep(0.1)
    OutboxEvent.objects.create(name=EFFECT, payload={"token": probe.token})


@pytest.mark.django_db(transaction=True)
def test_it_delivers_exactly_once_after_a_worker_is_killed_mid_task(settings, tmp_path):
    database_url = worker_database_url(postgresql_only=True)
    redis_or_skip()
    env = use_celery(settings, database_url, EVENTS_SWEEP_SECONDS="1")
    log = tmp_path / "workers.log"
    started = tmp_path / "started"
    workers = [start_worker(env, module=__name__, log=log)]
    try:
        token = uuid.uuid4().hex
        row = publish(SlowProbe(token=token, folder=str(tmp_path)))  # autocommit: sent now
        wait_for(
            started.exists, "the first worker to start the subscriber", log, seconds=STEP_DEADLINE
        )
        kill(workers[0])

        delivery = EventDelivery.objects.get(event=row)
        assert delivery.state == EventDelivery.State.PENDING  # rolled back with the worker
        (tmp_path / "go").touch()
        workers.append(start_worker(env, module=__name__, log=log, beat=tmp_path / "beat-schedule"))

        def done() -> bool:
            delivery.refresh_from_db()
            return delivery.state == EventDelivery.State.DONE

        wait_for(done, "the new worker's sweeper to deliver the event", log, seconds=STEP_DEADLINE)
        runs = started.read_text().split()
        assert runs[0] == str(workers[0].pid) and len(runs) == 2
        assert OutboxEvent.objects.filter(name=EFFECT, payload__token=token).count() == 1
        assert delivery.attempts == 1
    finally:
        for worker in workers:
            kill(worker)
