"""Load generators for 127.0.0.1 only, bounded in time: wrk for the figures (`run_wrk`), and a
small Python client (`run`), kept to warm a server and to show how far it lags behind wrk."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from typing import Any

from bench.common import percentile

MAX_REQUESTS = 200_000  # a hard bound, whatever the duration
FORM = {"Content-Type": "application/x-www-form-urlencoded"}

# Builds the body of one request from (connection slot, request number on that slot).
BodyFactory = Callable[[int, int], bytes]


def run(
    port: int,
    path: str,
    *,
    seconds: float,
    threads: int,
    method: str = "GET",
    body: BodyFactory | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Hammer http://127.0.0.1:port/path from `threads` connections; return throughput/latency.

    Any answer outside 2xx counts as an error (and its latency still counts).
    """
    deadline = time.perf_counter() + seconds
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors = [0] * threads
    sizes = [0] * threads
    statuses: dict[int, int] = {}
    budget = MAX_REQUESTS // threads

    def connect() -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def worker(slot: int) -> None:
        connection = connect()
        while time.perf_counter() < deadline and len(latencies[slot]) < budget:
            payload = body(slot, len(latencies[slot])) if body else None
            started = time.perf_counter()
            try:
                connection.request(method, path, body=payload, headers=headers or {})
                response = connection.getresponse()
                data = response.read()
            except (OSError, http.client.HTTPException):
                errors[slot] += 1
                connection.close()
                connection = connect()
                continue
            latencies[slot].append(time.perf_counter() - started)
            sizes[slot] += len(data)
            statuses[response.status] = statuses.get(response.status, 0) + 1
            if not 200 <= response.status < 300:
                errors[slot] += 1
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = connect()
        connection.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    flat = sorted(v for slot in latencies for v in slot)
    count = len(flat)
    return {
        "method": method,
        "path": path,
        "requests": count,
        "errors": sum(errors),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "seconds": round(elapsed, 2),
        "requests_per_second": round(count / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(flat, 0.50) * 1000, 2),
        "p99_ms": round(percentile(flat, 0.99) * 1000, 2),
        "mean_bytes": round(sum(sizes) / count) if count else 0,
    }


# wrk (C, epoll) drives several times what the Python client above can: the figures of the
# HTTP benchmarks come from it, so that the server, not the client, is what is measured.
WRK = shutil.which("wrk")
WRK_MISSING = "wrk not installed (Debian: apt-get install -y wrk)"
SLOT, NUMBER = "WRKSLOT", "WRKNUMBER"  # replaced in a body template by Lua, per request
_SCRIPT = """
local slots = 0
function setup(thread)
  thread:set("slot", slots)
  slots = slots + 1
end
local count = 0
request = function()
  count = count + 1
  local body = nil
  if template ~= "" then
    body = template:gsub("WRKSLOT", tostring(slot)):gsub("WRKNUMBER", tostring(count))
  end
  return wrk.format(method, nil, headers, body)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,' ..
    '"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p99_us":%d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, latency:percentile(50), latency:percentile(99)))
end
"""


def run_wrk(
    port: int,
    path: str,
    *,
    seconds: float,
    connections: int,
    method: str = "GET",
    body_template: str = "",
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Load http://127.0.0.1:port/path with wrk from `connections` keep-alive connections.

    `body_template` may hold SLOT and NUMBER, replaced by the connection's thread and the
    request's number (so that every POST is unique). Errors: socket errors, timeouts and
    answers outside 2xx-3xx. `mean_bytes` is the body's size, fetched once aside.
    """
    if WRK is None:
        raise RuntimeError(WRK_MISSING)
    header_lines = "".join(f'wrk.headers["{k}"] = "{v}"\n' for k, v in {**(headers or {})}.items())
    prologue = (
        f"method = {_lua(method)}\ntemplate = {_lua(body_template)}\n"
        f"{header_lines}headers = wrk.headers\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(prologue + _SCRIPT)
    threads = max(1, min(connections, 2))
    duration = f"-d{max(1, round(seconds))}s"  # wrk reads whole seconds only
    try:
        done = subprocess.run(
            [WRK, f"-t{threads}", f"-c{connections}", duration, "--timeout", "30s",
             "-s", script.name, f"http://127.0.0.1:{port}{path}"],
            capture_output=True, text=True, check=True, timeout=seconds + 60,
        )  # fmt: skip
    finally:
        os.unlink(script.name)
    line = next(x for x in done.stdout.splitlines() if x.startswith("WRKJSON "))
    w = json.loads(line.removeprefix("WRKJSON "))
    elapsed = w["duration_us"] / 1e6
    errors = w["connect"] + w["read"] + w["write"] + w["status"] + w["timeout"]
    return {
        "client": f"wrk {threads} threads",
        "method": method,
        "path": path,
        "requests": w["requests"],
        "errors": errors,
        "seconds": round(elapsed, 2),
        "requests_per_second": round(w["requests"] / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(w["p50_us"] / 1000, 2),
        "p99_ms": round(w["p99_us"] / 1000, 2),
        "mean_bytes": _body_size(port, path) if method == "GET" else _wire_body(w),
    }


def _lua(text: str) -> str:
    assert text.isascii(), text  # LuaJIT does not read JSON's \\u escapes
    return json.dumps(text)  # a JSON string literal is a valid Lua one for these characters


def _body_size(port: int, path: str) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
        return len(response.read())


def _wire_body(w: dict[str, Any]) -> int:
    # POST answers are small: their size on the wire, headers included, is close enough.
    return round(w["bytes"] / w["requests"]) if w["requests"] else 0
