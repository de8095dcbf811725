"""A value built once per process on first use, and forgotten on demand.

Used for in-memory indexes (quartier polygons, the street gazetteer): building is costly,
reading is hot. `invalidate()` only reaches the current process; other processes rebuild
when they restart (see docs/architecture.md).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class ProcessCache(Generic[T]):
    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._value: T | None = None

    def get(self) -> T:
        with self._lock:
            if self._value is None:
                self._value = self._build()
            return self._value

    def invalidate(self) -> None:
        with self._lock:
            self._value = None
