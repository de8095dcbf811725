"""The Celery application of production mode (`TASKS_BACKEND=celery`).

Start workers with `celery -A massalia worker` and one scheduler with `celery -A massalia beat`.
Celery's settings are Django settings prefixed with `CELERY_` (see massalia/settings.py); the
beat schedule is the platform's one schedule, settings.SCHEDULE (massalia/core/schedule.py).

Importing this module registers the "celery" backend of `massalia.core.tasks`: settings name
this module as the provider of that backend, and the task interface imports it at start-up
when TASKS_BACKEND=celery. The dependency goes one way: this module knows `core`, never the
reverse.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "massalia.settings")

from django.conf import settings

from massalia.core.schedule import entries
from massalia.core.tasks import register_backend, run_registered

log = logging.getLogger(__name__)

# The one Celery task: it runs any function registered with `massalia.core.tasks.task`.
CELERY_TASK = "massalia.run_task"

app = Celery("massalia")
app.config_from_object("django.conf:settings", namespace="CELERY")


def beat_schedule() -> dict[str, dict[str, Any]]:
    """settings.SCHEDULE as Celery beat entries, each sending its task to the workers."""
    return {
        entry.name: {
            "task": CELERY_TASK,
            "schedule": entry.every.total_seconds(),
            "args": [entry.task, {}],
        }
        for entry in entries()
    }


app.conf.beat_schedule = beat_schedule()


@app.task(name=CELERY_TASK)
def run_task(name: str, kwargs: dict[str, Any]) -> None:
    """Run the function registered with `massalia.core.tasks.task` under `name`."""
    run_registered(name, kwargs)


class CeleryBackend:
    """Production mode: send the task's registered name to the workers' queue."""

    def send(self, name: str, kwargs: dict[str, Any]) -> None:
        try:
            app.send_task(
                CELERY_TASK,
                kwargs={"name": name, "kwargs": kwargs},
                queue=settings.CELERY_TASK_DEFAULT_QUEUE,
            )
        except Exception:
            # The broker is down: the change is committed and event deliveries are rows, so the
            # sweeper (beat or `massalia scheduler`) will run them; never fail the citizen's
            # request for it.
            log.exception("could not send background task %s to the broker", name)


register_backend("celery", CeleryBackend())
