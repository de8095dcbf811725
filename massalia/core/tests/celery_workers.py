"""Real Celery workers for tests: started on a queue of their own, always killed afterwards."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection


def redis_or_skip() -> None:
    """Skip without Redis on 127.0.0.1:6379 (fail when MASSALIA_REQUIRE_SERVICES=1)."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return
    except OSError:
        if os.environ.get("MASSALIA_REQUIRE_SERVICES") == "1":
            pytest.fail("MASSALIA_REQUIRE_SERVICES=1 but Redis is not on 127.0.0.1:6379")
        pytest.skip("Redis is not running on 127.0.0.1:6379")


def worker_database_url(*, postgresql_only: bool = False) -> str:
    """A URL a worker process can open for the test database, or skip saying why."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        credentials = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            credentials += ":" + quote(db["PASSWORD"], safe="")
        host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        return f"postgres://{credentials}@{host}/{db['NAME']}"
    if postgresql_only:
        pytest.skip("needs PostgreSQL: the worker process opens the test database")
    name = str(db["NAME"])
    if connection.vendor != "sqlite" or "memory" in name or not Path(name).is_file():
        pytest.skip("the SQLite test database is in memory: a worker process cannot open it")
    return f"sqlite:///{Path(name).resolve()}"


def use_celery(settings: Any, database_url: str, **extra: str) -> dict[str, str]:
    """Switch this process to the Celery backend on a fresh queue; the workers' environment."""
    queue = f"massalia-test-{uuid.uuid4().hex[:12]}"
    settings.TASKS_BACKEND = "celery"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "massalia.settings",
        "DATABASE_URL": database_url,
        "TASKS_BACKEND": "celery",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_QUEUE": queue,
        **extra,
    }


def start_worker(
    env: dict[str, str], *, module: str, log: Path, beat: Path | None = None
) -> subprocess.Popen[bytes]:
    """`celery -A massalia worker` on the env's queue, importing the test `module`."""
    command = [
        sys.executable, "-m", "celery", "-A", "massalia", "worker", "--pool=solo",
        "--concurrency=1", "-Q", env["CELERY_QUEUE"], "-I", module, "--without-heartbeat",
        "--without-gossip", "--without-mingle", "--loglevel=INFO",
    ]  # fmt: skip
    if beat is not None:
        command += ["-B", "--schedule", str(beat)]
    with log.open("a") as out:
        return subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def kill(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def wait_for(check: Callable[[], bool], what: str, log: Path, *, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
