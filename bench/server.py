"""Start and stop the application server the HTTP benchmarks load (127.0.0.1 only)."""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import time
import urllib.request

from bench.common import ROOT

READY_PATH = "/bench/minimal.json"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(
    port: int, env: dict[str, str], *, workers: int, threads: int
) -> tuple[subprocess.Popen[bytes], str]:
    """gunicorn (gthread workers) when importable, else Django's runserver; plus a label."""
    if importlib.util.find_spec("gunicorn") is not None:
        command = [sys.executable, "-m", "gunicorn", "bench.wsgi:application",
                   "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                   "--worker-class", "gthread", "--threads", str(threads),
                   "--log-level", "warning"]  # fmt: skip
        plural = "s" if workers > 1 else ""
        label = f"gunicorn, {workers} worker{plural} × {threads} threads (gthread)"
    else:
        command = [sys.executable, "-m", "massalia", "runserver", "--noreload", f"127.0.0.1:{port}"]
        label = "django runserver (gunicorn not installed)"
    return subprocess.Popen(command, cwd=ROOT, env=env), label


def wait(port: int, server: subprocess.Popen[bytes], *, timeout: float = 60) -> None:
    """Return once the server answers; raise if it dies or does not answer in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the benchmark server exited ({server.returncode})")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{READY_PATH}", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the benchmark server did not start")


def stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)
