"""`massalia demo --addrport HOST:PORT`: links and Open311 discovery name the address served."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from massalia.demo.management.commands.demo import site_url

# How long the demo may take to load and serve: a liveness bound, generous because the suite
# runs one process per core and another test may be loading a demo at the same time.
START_TIMEOUT = 300.0


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


@pytest.fixture
def served_demo(tmp_path: Path):
    """Run `massalia demo` on a free port with its own database; yield the port."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "DATABASE_URL"}}
    env["MASSALIA_VAR_DIR"] = str(tmp_path / "var")
    log = (tmp_path / "demo.log").open("wb")
    command = ["demo", "--size", "small", "--addrport", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        [sys.executable, "-m", "massalia", *command],
        env=env,
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while _get(f"http://127.0.0.1:{port}/health") is None:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail((tmp_path / "demo.log").read_text()[-2000:])
            time.sleep(0.3)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def test_it_uses_the_address_it_serves_on_as_the_site_url(served_demo):
    body = _get(f"http://127.0.0.1:{served_demo}/open311/v2/discovery.json")
    assert body is not None
    assert json.loads(body)["contact"].endswith(f"— http://127.0.0.1:{served_demo}")


def test_it_reads_the_address_as_runserver_does():
    assert site_url("8001") == "http://127.0.0.1:8001"
    assert site_url("localhost:8002") == "http://localhost:8002"
    assert site_url("0.0.0.0:8003") == "http://127.0.0.1:8003"
    assert site_url("[::1]:8004") == "http://[::1]:8004"
