"""The schedule of periodic work: one declaration, two runners.

settings.SCHEDULE names each entry, how often it runs and the registered task
(`massalia.core.tasks.task`) it runs. Celery beat reads it in production (massalia/celery.py);
embedded deployments, which have no beat, run it in-process with `massalia.core.scheduler`
(`massalia scheduler`, and `massalia demo` in a background thread).

This module reads settings only (no models), so the Celery application can import it before
Django is set up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings


@dataclass(frozen=True)
class Entry:
    """One line of the schedule: run the registered task `task` every `every`."""

    name: str
    every: timedelta
    task: str


def entries() -> list[Entry]:
    """The entries of settings.SCHEDULE, in declaration order."""
    return [
        Entry(name=name, every=timedelta(seconds=seconds), task=task)
        for name, (seconds, task) in settings.SCHEDULE.items()
    ]
