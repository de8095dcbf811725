"""An API key sent in the query string never reaches the access logs in clear.

Both access logs are read as written by the real servers: gunicorn's (production, with
Massalia's gunicorn settings) and `massalia runserver`'s (the demo).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from massalia.core.logging import redact

KEY = "c1e-secrete-0123456789abcdef"
START_TIMEOUT = 30.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=2).close()
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


def _serve(args: list[str], port: int, tmp_path: Path) -> Iterator[Path]:
    """Run a server until the test has made its request; yield the file of its output."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["MASSALIA_VAR_DIR"] = str(tmp_path / "var")
    output = tmp_path / "server.log"
    with output.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", *args], env=env, cwd=tmp_path, stdout=log, stderr=log
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while not _answers(f"http://127.0.0.1:{port}/pas-de-page/"):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(output.read_text()[-2000:])
                time.sleep(0.2)
            yield output
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    port = _free_port()
    args = ["gunicorn", "--config", "python:massalia.gunicorn_config", "--bind"]
    args += [f"127.0.0.1:{port}", "--access-logfile", "-", "massalia.wsgi:application"]
    for output in _serve(args, port, tmp_path):
        yield port, output


@pytest.fixture
def runserver(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    port = _free_port()
    args = ["massalia", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"]
    for output in _serve(args, port, tmp_path):
        yield port, output


def _request_with_key_and_read(port: int, output: Path) -> str:
    path = f"/open311/v2/requests.json?jurisdiction_id=marseille&api_key={KEY}&page=2"
    _answers(f"http://127.0.0.1:{port}{path}")
    deadline = time.monotonic() + 5
    while "page=2" not in output.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    return output.read_text()


def test_it_redacts_the_key_in_gunicorns_access_log(gunicorn):
    log = _request_with_key_and_read(*gunicorn)
    assert "/open311/v2/requests.json?jurisdiction_id=marseille&api_key=[redacted]&page=2" in log
    assert KEY not in log


def test_it_redacts_the_key_in_runservers_access_log(runserver):
    log = _request_with_key_and_read(*runserver)
    assert "/open311/v2/requests.json?jurisdiction_id=marseille&api_key=[redacted]&page=2" in log
    assert KEY not in log


def test_it_redacts_the_key_however_it_is_spelt():
    assert redact(f"GET /x?API_KEY={KEY} HTTP/1.1") == "GET /x?API_KEY=[redacted] HTTP/1.1"
    assert redact(f'"/x?a=1;api%5Fkey={KEY}"') == '"/x?a=1;api%5Fkey=[redacted]"'
    # A key inside an encoded return address is still a key.
    assert redact(f"/x?next=%2Fy%3Fapi_key%3D{KEY}%26b%3D2") == (
        "/x?next=%2Fy%3Fapi_key%3D[redacted]%26b%3D2"
    )
    assert redact("/x?my_api_key_name=1&monkey=2") == "/x?my_api_key_name=1&monkey=2"
