"""The one interface for background work.

A task is a plain function decorated with `@task`; `defer(fn, **kwargs)` runs it after the
current transaction commits, through the backend named by settings.TASKS_BACKEND. This module
knows backends only as objects registered with `register_backend`: it provides "inline" (run
in-process, so the platform needs no server), and `massalia/celery.py` provides and registers
"celery" (send the task's registered name to Celery workers, which run the same function).
Settings say which module provides each backend (TASKS_BACKEND_MODULES); the chosen one is
imported at start-up (`load_backend`, from CoreConfig.ready), so nothing in `core` imports the
Celery application.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])
_registry: dict[str, Callable[..., Any]] = {}


class Backend(Protocol):
    """Where deferred tasks go once their transaction has committed."""

    def send(self, name: str, kwargs: dict[str, Any]) -> None:
        """Run or enqueue the registered task `name`; never raise for a transient outage."""


_backends: dict[str, Backend] = {}


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


def register_backend(name: str, backend: Backend) -> None:
    """Make `backend` available under `name` (the value of settings.TASKS_BACKEND)."""
    _backends[name] = backend


def load_backend() -> Backend:
    """The backend settings name, importing the module that provides it if needed."""
    name = settings.TASKS_BACKEND
    if name not in _backends:
        module = settings.TASKS_BACKEND_MODULES.get(name)
        if module is None:
            raise ImproperlyConfigured(f"TASKS_BACKEND={name!r} names no known backend")
        importlib.import_module(module)
    try:
        return _backends[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"{settings.TASKS_BACKEND_MODULES[name]} did not register the tasks backend {name!r}"
        ) from None


def defer(fn: Callable[..., Any], **kwargs: Any) -> None:
    """Run a registered task once the current transaction has committed."""
    name = task_name(fn)
    if name not in _registry:
        raise ValueError(f"{name} is not a registered task")
    backend = load_backend()
    transaction.on_commit(lambda: backend.send(name, kwargs))


def run_registered(name: str, kwargs: dict[str, Any]) -> None:
    """Run one registered task now (what a worker does with a message)."""
    registered(name)(**kwargs)


class InlineBackend:
    """Embedded mode: run the task in this process, right after the commit."""

    def send(self, name: str, kwargs: dict[str, Any]) -> None:
        try:
            run_registered(name, kwargs)
        except Exception:
            # The task's own state (e.g. an event delivery) records the failure for a retry.
            log.exception("background task %s failed", name)


register_backend("inline", InlineBackend())
