"""One schedule: every entry names a registered task, and Celery beat runs the same entries."""

from datetime import timedelta

from massalia.celery import CELERY_TASK, app
from massalia.core.schedule import entries
from massalia.core.tasks import registered


def test_it_schedules_only_registered_tasks():
    tasks = {entry.task for entry in entries()}
    assert {
        "massalia.core.events.deliver_due",
        "massalia.pulse.tasks.poll_sources",
        "massalia.pulse.tasks.enrich_pending",
        "massalia.pulse.tasks.detect_alerts",
        "massalia.accounts.tasks.purge_personal_data",
    } <= tasks
    for name in tasks:
        assert callable(registered(name)), name


def test_it_gives_celery_beat_the_same_entries(settings):
    beat = app.conf.beat_schedule
    assert set(beat) == set(settings.SCHEDULE)
    for entry in entries():
        assert beat[entry.name] == {
            "task": CELERY_TASK,
            "schedule": entry.every.total_seconds(),
            "args": [entry.task, {}],
        }


def test_it_sweeps_event_deliveries_at_the_configured_interval(settings):
    sweep = next(entry for entry in entries() if entry.name == "sweep-due-event-deliveries")
    assert sweep.every == timedelta(seconds=settings.EVENTS_SWEEP_SECONDS)
