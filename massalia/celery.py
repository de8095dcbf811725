"""The Celery application of production mode (`TASKS_BACKEND=celery`).

Start workers with `celery -A massalia worker` and one scheduler with `celery -A massalia beat`
(or `massalia dispatchevents --loop`) that sweeps event deliveries due for a retry. Celery's
settings are Django settings prefixed with `CELERY_` (see massalia/settings.py).
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "massalia.settings")

app = Celery("massalia")
app.config_from_object("django.conf:settings", namespace="CELERY")


@app.task(name="massalia.run_task")
def run_task(name: str, kwargs: dict[str, Any]) -> None:
    """Run the function registered with `massalia.core.tasks.task` under `name`."""
    from massalia.core.tasks import run_registered

    run_registered(name, kwargs)


@app.task(name="massalia.sweep_events")
def sweep_events() -> int:
    """Run event deliveries whose next attempt is due (the periodic retry sweeper)."""
    from massalia.core.events import deliver_due

    return deliver_due()
