"""The Celery backend: tasks leave after commit, and a real worker runs event subscribers.

The end-to-end test starts `celery -A massalia worker` on a queue of its own against the real
Redis on 127.0.0.1:6379 and the test database. It needs a database another process can open:
PostgreSQL, or SQLite with DATABASE_TEST_NAME set to a file (the default SQLite test database
lives in memory, so the test is skipped there). Without Redis it is skipped, unless
MASSALIA_REQUIRE_SERVICES=1.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import pytest

from massalia.celery import CELERY_TASK, CeleryBackend, app
from massalia.core import tasks
from massalia.core.events import DomainEvent, event, publish, subscriber
from massalia.core.models import EventDelivery
from massalia.core.tasks import defer, task
from massalia.core.tests.celery_workers import (
    kill,
    redis_or_skip,
    start_worker,
    use_celery,
    wait_for,
    worker_database_url,
)

WORKER_DEADLINE = 60.0  # seconds; the worker is always killed after


@event
@dataclasses.dataclass(frozen=True, kw_only=True)
class ProbePublished(DomainEvent):
    """Published only by this module's tests; the worker imports this module with -I."""

    name = "tests.probe_published"
    path: str


@subscriber(ProbePublished)
def write_probe(published: ProbePublished) -> None:
    # The worker's process id proves where the subscriber ran.
    Path(published.path).write_text(str(os.getpid()))


@task
def remember(*, value: int) -> None:
    remembered.append(value)


remembered: list[int] = []


def test_it_sends_a_registered_task_by_name_only_after_commit(
    db, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS_BACKEND = "celery"
    sent: list[tuple[str, dict[str, Any], str]] = []
    monkeypatch.setattr(
        app, "send_task", lambda name, kwargs, queue: sent.append((name, kwargs, queue))
    )
    with django_capture_on_commit_callbacks(execute=True):
        defer(remember, value=7)
        assert sent == []  # not before the commit
    assert sent == [
        (
            CELERY_TASK,
            {"name": f"{__name__}.remember", "kwargs": {"value": 7}},
            settings.CELERY_TASK_DEFAULT_QUEUE,
        )
    ]


def test_it_keeps_the_change_when_the_broker_is_down(
    db, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS_BACKEND = "celery"

    def broker_down(*args: Any, **kwargs: Any) -> None:
        raise ConnectionRefusedError("no broker")

    monkeypatch.setattr(app, "send_task", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        row = publish(ProbePublished(path="/dev/null"))
    # The delivery stays pending for the sweeper (beat or dispatchevents --loop).
    assert EventDelivery.objects.get(event=row).state == EventDelivery.State.PENDING


def test_it_runs_a_registered_task_as_a_worker_does():
    remembered.clear()
    app.tasks[CELERY_TASK].run(name=f"{__name__}.remember", kwargs={"value": 3})
    assert remembered == [3]


def test_it_acknowledges_messages_only_after_the_task_ran():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    sweep = app.conf.beat_schedule["sweep-due-event-deliveries"]
    assert sweep["task"] == CELERY_TASK
    assert sweep["args"] == ["massalia.core.events.deliver_due", {}]


def test_it_is_the_backend_the_celery_module_registered(settings):
    settings.TASKS_BACKEND = "celery"
    assert isinstance(tasks.load_backend(), CeleryBackend)
    settings.TASKS_BACKEND = "inline"
    assert isinstance(tasks.load_backend(), tasks.InlineBackend)


@pytest.mark.django_db(transaction=True)
def test_it_runs_a_published_event_in_a_real_worker(settings, tmp_path):
    redis_or_skip()
    env = use_celery(settings, worker_database_url(), CELERY_SKIP_CHECKS="1")
    log = tmp_path / "worker.log"
    worker = start_worker(env, module=__name__, log=log)
    try:
        probe = tmp_path / "probe.txt"
        row = publish(ProbePublished(path=str(probe)))  # autocommit: sent to the queue now
        delivery = EventDelivery.objects.get(event=row)

        def done() -> bool:
            delivery.refresh_from_db()
            return delivery.state == EventDelivery.State.DONE

        wait_for(done, "the worker to deliver the event", log, seconds=WORKER_DEADLINE)
        assert probe.read_text() == str(worker.pid)
    finally:
        kill(worker)
