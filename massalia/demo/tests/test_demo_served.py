"""`massalia demo --addrport HOST:PORT` as a newcomer runs it: one demo served for this module.

Links and Open311 discovery name the address served; the schedule runs while it serves; SIGTERM
stops it cleanly (the last test). The tests share one process: loading the demo is the long
part, and they run on one test worker (`xdist_group`).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from massalia.demo.management.commands.demo import site_url

# How long the demo may take to load and serve: a liveness bound, generous because the suite
# runs one process per core and another test may be loading a demo at the same time.
START_TIMEOUT = 300.0

pytestmark = pytest.mark.xdist_group("served_demo")


@dataclass
class Served:
    port: int
    process: subprocess.Popen[bytes]
    database: Path
    log: Path

    def output(self) -> str:
        return self.log.read_text()[-2000:]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bytes(response.read())
    except OSError:
        return None


def _swept(database: Path) -> bool:
    """Whether the demo's scheduler has finished a run of the event sweep."""
    if not database.is_file():
        return False
    try:
        with sqlite3.connect(database, timeout=5) as db:
            row = db.execute(
                "SELECT last_finished_at FROM core_scheduledentry WHERE name = ?",
                ("sweep-due-event-deliveries",),
            ).fetchone()
    except sqlite3.OperationalError:  # not migrated yet
        return False
    return row is not None and row[0] is not None


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`massalia demo --size small` on a free port with its own database, serving and swept."""
    home = tmp_path_factory.mktemp("demo")
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "DATABASE_URL"}}
    env["MASSALIA_VAR_DIR"] = str(home / "var")
    env["EVENTS_SWEEP_SECONDS"] = "1"  # the sweep's first run comes one interval after start
    port = _free_port()
    log = home / "demo.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "massalia", "demo", "--size", "small", "--addrport",
             f"127.0.0.1:{port}"],
            env=env, cwd=home, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        demo = Served(port, process, home / "var" / "massalia.sqlite3", log)
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while not (_get(f"http://127.0.0.1:{port}/health") and _swept(demo.database)):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(demo.output())
                time.sleep(0.3)
            yield demo
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)


def test_it_uses_the_address_it_serves_on_as_the_site_url(served: Served) -> None:
    body = _get(f"http://127.0.0.1:{served.port}/open311/v2/discovery.json")
    assert body is not None
    assert json.loads(body)["contact"].endswith(f"— http://127.0.0.1:{served.port}")


def test_it_reads_the_address_as_runserver_does() -> None:
    assert site_url("8001") == "http://127.0.0.1:8001"
    assert site_url("localhost:8002") == "http://localhost:8002"
    assert site_url("0.0.0.0:8003") == "http://127.0.0.1:8003"
    assert site_url("[::1]:8004") == "http://[::1]:8004"


def test_it_runs_the_schedule_while_serving_and_stops_on_sigterm(served: Served) -> None:
    served.process.send_signal(signal.SIGTERM)
    code = served.process.wait(timeout=30)
    assert code == 0, served.output()
    assert "Tâches planifiées exécutées en arrière-plan." in served.log.read_text()
    with sqlite3.connect(served.database) as db:
        held = db.execute("SELECT name FROM core_scheduledentry WHERE locked_by != ''").fetchall()
    assert held == []  # no entry left locked by the stopped demo
