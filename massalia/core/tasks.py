"""The one interface for background work.

A task is a plain function decorated with `@task`; `defer(fn, **kwargs)` runs it after the
current transaction commits. The embedded backend ("inline") runs it in-process, so the
platform needs no server; the production backend ("celery") sends the task's registered name
to Celery workers (`massalia/celery.py`), which run the same registered function.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])
_registry: dict[str, Callable[..., Any]] = {}

# The one Celery task that runs any registered function (see massalia/celery.py).
CELERY_TASK = "massalia.run_task"


def task_name(fn: Callable[..., Any]) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def task(fn: F) -> F:
    """Register `fn` as a background task (its arguments must be JSON-serialisable)."""
    _registry[task_name(fn)] = fn
    return fn


def registered(name: str) -> Callable[..., Any]:
    """The function registered under `name`, importing its module if this process has not."""
    if name not in _registry:
        # A worker may not have imported the module yet: the name starts with its module path.
        module = name.rpartition(".")[0]
        while module and name not in _registry:
            try:
                importlib.import_module(module)
                break
            except ImportError:
                module = module.rpartition(".")[0]
    try:
        return _registry[name]
    except KeyError:
        raise LookupError(f"{name} is not a registered task") from None


def defer(fn: Callable[..., Any], **kwargs: Any) -> None:
    """Run a registered task once the current transaction has committed."""
    name = task_name(fn)
    if name not in _registry:
        raise ValueError(f"{name} is not a registered task")
    backend = settings.TASKS_BACKEND
    if backend == "inline":
        transaction.on_commit(lambda: _run_inline(name, kwargs))
    elif backend == "celery":
        transaction.on_commit(lambda: _send_to_celery(name, kwargs))
    else:  # pragma: no cover - the settings refuse any other value
        raise ValueError(f"unknown tasks backend {backend!r}")


def run_registered(name: str, kwargs: dict[str, Any]) -> None:
    """Run one registered task now (what a Celery worker does with a message)."""
    registered(name)(**kwargs)


def _run_inline(name: str, kwargs: dict[str, Any]) -> None:
    try:
        run_registered(name, kwargs)
    except Exception:
        # The task's own state (e.g. an event delivery) records the failure for a retry.
        log.exception("background task %s failed", name)


def _send_to_celery(name: str, kwargs: dict[str, Any]) -> None:
    from massalia.celery import app  # imported late: embedded mode never loads Celery

    try:
        app.send_task(
            CELERY_TASK,
            kwargs={"name": name, "kwargs": kwargs},
            queue=settings.CELERY_TASK_DEFAULT_QUEUE,
        )
    except Exception:
        # The broker is down: the change is committed and event deliveries are rows, so the
        # sweeper (beat or `massalia dispatchevents --loop`) will run them; never fail the
        # citizen's request for it.
        log.exception("could not send background task %s to the broker", name)
