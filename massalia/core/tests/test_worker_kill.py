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
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from massalia.core.events import DomainEvent, event, publish, subscriber
from massalia.core.models import EventDelivery, OutboxEvent

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


def _services_or_skip() -> str:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the worker process opens the test database")
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            pass
    except OSError:
        if os.environ.get("MASSALIA_REQUIRE_SERVICES") == "1":
            pytest.fail("MASSALIA_REQUIRE_SERVICES=1 but Redis is not on 127.0.0.1:6379")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker(env: dict[str, str], queue: str, log: Path, *, beat: Path | None):
    command = [
        sys.executable, "-m", "celery", "-A", "massalia", "worker", "--pool=solo",
        "--concurrency=1", "-Q", queue, "-I", __name__, "--without-heartbeat",
        "--without-gossip", "--without-mingle", "--loglevel=INFO",
    ]  # fmt: skip
    if beat is not None:
        command += ["-B", "--schedule", str(beat)]
    with log.open("a") as out:
        return subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def _kill(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def _wait_for(check, what: str, log: Path) -> None:
    deadline = time.monotonic() + STEP_DEADLINE
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_it_delivers_exactly_once_after_a_worker_is_killed_mid_task(settings, tmp_path):
    database_url = _services_or_skip()
    queue = f"massalia-test-kill-{uuid.uuid4().hex[:12]}"
    settings.TASKS_BACKEND = "celery"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "massalia.settings",
        "DATABASE_URL": database_url,
        "TASKS_BACKEND": "celery",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_QUEUE": queue,
        "EVENTS_SWEEP_SECONDS": "1",
    }
    log = tmp_path / "workers.log"
    started = tmp_path / "started"
    workers = [_start_worker(env, queue, log, beat=None)]
    try:
        token = uuid.uuid4().hex
        row = publish(SlowProbe(token=token, folder=str(tmp_path)))  # autocommit: sent now
        _wait_for(started.exists, "the first worker to start the subscriber", log)
        _kill(workers[0])

        delivery = EventDelivery.objects.get(event=row)
        assert delivery.state == EventDelivery.State.PENDING  # rolled back with the worker
        (tmp_path / "go").touch()
        workers.append(_start_worker(env, queue, log, beat=tmp_path / "beat-schedule"))

        def done() -> bool:
            delivery.refresh_from_db()
            return delivery.state == EventDelivery.State.DONE

        _wait_for(done, "the new worker's sweeper to deliver the event", log)
        runs = started.read_text().split()
        assert runs[0] == str(workers[0].pid) and len(runs) == 2
        assert OutboxEvent.objects.filter(name=EFFECT, payload__token=token).count() == 1
        assert delivery.attempts == 1
    finally:
        for worker in workers:
            _kill(worker)
