"""Faults the load test injects: restarting the local PostgreSQL cluster."""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from loadtest.server import postgres_reachable

CLUSTER_CONFIG = Path("/etc/postgresql")
READY_TIMEOUT = 60.0


@dataclass
class Outage:
    """When the database went away and came back (time.monotonic() values)."""

    began: float = 0.0
    stopped: float = 0.0
    started: float = 0.0
    ready: float = 0.0

    def covers(self, moment: float, *, grace: float) -> bool:
        return self.began <= moment <= (self.ready or float("inf")) + grace


def cluster_version() -> str:
    versions = sorted(p.name for p in CLUSTER_CONFIG.iterdir() if p.is_dir())
    if not versions:
        raise RuntimeError("no PostgreSQL cluster is configured")
    return versions[-1]


def pg_ctl(action: str) -> None:
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", cluster_version(), "main", action],
        check=True,
        timeout=60,
        capture_output=True,
    )


def restart_postgres(outage: Outage, *, down_seconds: float) -> None:
    """Stop the cluster (fast mode: sessions are cut), wait, start it, wait until it answers."""
    outage.began = time.monotonic()
    try:
        pg_ctl("stop")
        outage.stopped = time.monotonic()
        time.sleep(down_seconds)
    finally:
        pg_ctl("start")
        outage.started = time.monotonic()
        deadline = outage.started + READY_TIMEOUT
        while not postgres_reachable() and time.monotonic() < deadline:
            time.sleep(0.2)
        outage.ready = time.monotonic()
