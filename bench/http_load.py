"""A bounded load generator: a few keep-alive connections to 127.0.0.1, for a fixed time."""

from __future__ import annotations

import http.client
import threading
import time
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
