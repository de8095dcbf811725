"""The task interface knows only the backend registered under TASKS_BACKEND, never Celery."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from massalia.core import tasks
from massalia.core.tasks import defer, register_backend, task

CORE = Path(tasks.__file__).parent
sent: list[tuple[str, dict[str, Any]]] = []


class Recorder:
    """A backend of the tests' own: what a third backend would receive."""

    def send(self, name: str, kwargs: dict[str, Any]) -> None:
        sent.append((name, kwargs))


@task
def count(*, n: int) -> None:  # never run here: the recorder only takes note
    raise AssertionError("a recorded task must not run")


@pytest.fixture
def recorder(settings, monkeypatch):
    monkeypatch.setattr(tasks, "_backends", dict(tasks._backends))
    register_backend("recorder", Recorder())
    settings.TASKS_BACKEND = "recorder"
    sent.clear()


def test_it_hands_a_deferred_task_to_the_registered_backend_after_commit(
    db, recorder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        defer(count, n=3)
        assert sent == []
    assert sent == [(f"{__name__}.count", {"n": 3})]


def test_it_refuses_a_backend_nobody_provides(settings):
    settings.TASKS_BACKEND = "carrier-pigeon"
    with pytest.raises(ImproperlyConfigured, match="carrier-pigeon"):
        tasks.load_backend()


def test_no_module_of_core_imports_the_celery_application():
    importers = []
    for path in CORE.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [f"{node.module}.{alias.name}" for alias in node.names]
                if isinstance(node, ast.ImportFrom) and node.module
                else []
            )
            if any(
                name == "massalia.celery" or name.startswith("massalia.celery.") for name in names
            ):
                importers.append(str(path.relative_to(CORE)))
    assert importers == []


def _start_up(probe: str, backend: str) -> str:
    """The last line a fresh process with `backend` prints after running `probe`."""
    started = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {probe}"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "massalia.settings", "TASKS_BACKEND": backend},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode == 0, started.stderr[-2000:]
    return started.stdout.strip().splitlines()[-1]


def test_embedded_start_up_loads_no_celery():
    probe = (
        "import sys; print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'celery', 'kombu'} or m == 'massalia.celery'))"
    )
    assert _start_up(probe, "inline") == "[]"


def test_celery_start_up_registers_the_celery_backend():
    probe = "from massalia.core import tasks; print(type(tasks.load_backend()).__module__)"
    assert _start_up(probe, "celery") == "massalia.celery"
