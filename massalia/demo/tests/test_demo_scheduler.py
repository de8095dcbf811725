"""`massalia demo` runs the schedule while it serves, and stops it cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from massalia.demo.tests.test_demo_site_url import START_TIMEOUT, _free_port, _get


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


def test_it_runs_the_schedule_while_serving_and_stops_on_sigterm(tmp_path: Path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "DATABASE_URL"}}
    env["MASSALIA_VAR_DIR"] = str(tmp_path / "var")
    env["EVENTS_SWEEP_SECONDS"] = "1"  # the sweep's first run comes one interval after start
    database = tmp_path / "var" / "massalia.sqlite3"
    log_path = tmp_path / "demo.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "massalia", "demo", "--size", "small", "--addrport",
             f"127.0.0.1:{port}"],
            env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while not (_get(f"http://127.0.0.1:{port}/health") and _swept(database)):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(log_path.read_text()[-2000:])
                time.sleep(0.3)
            process.send_signal(signal.SIGTERM)
            code = process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)
    assert code == 0, log_path.read_text()[-2000:]
    assert "Tâches planifiées exécutées en arrière-plan." in log_path.read_text()
    with sqlite3.connect(database) as db:
        held = db.execute("SELECT name FROM core_scheduledentry WHERE locked_by != ''").fetchall()
    assert held == []  # no entry left locked by the stopped demo
