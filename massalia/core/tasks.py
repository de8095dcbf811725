"""The one interface for background work.

A task is a plain function decorated with `@task`; `defer(fn, **kwargs)` runs it after the
current transaction commits. The embedded backend ("inline") runs it in-process, so the
platform needs no server; a production backend runs the same registered functions on workers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])
_registry: dict[str, Callable[..., Any]] = {}


def task_name(fn: Callable[..., Any]) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def task(fn: F) -> F:
    """Register `fn` as a background task (its arguments must be JSON-serialisable)."""
    _registry[task_name(fn)] = fn
    return fn


def registered(name: str) -> Callable[..., Any]:
    return _registry[name]


def defer(fn: Callable[..., Any], **kwargs: Any) -> None:
    """Run a registered task once the current transaction has committed."""
    name = task_name(fn)
    if name not in _registry:
        raise ValueError(f"{name} is not a registered task")
    backend = settings.TASKS_BACKEND
    if backend == "inline":
        transaction.on_commit(lambda: _run_inline(name, kwargs))
    else:  # pragma: no cover - the settings refuse any other value
        raise ValueError(f"unknown tasks backend {backend!r}")


def _run_inline(name: str, kwargs: dict[str, Any]) -> None:
    try:
        _registry[name](**kwargs)
    except Exception:
        # The task's own state (e.g. an event delivery) records the failure for a retry.
        log.exception("background task %s failed", name)
