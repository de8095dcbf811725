"""A bounded load generator: a few keep-alive connections to 127.0.0.1, for a fixed time."""

from __future__ import annotations

import http.client
import threading
import time
from typing import Any

from bench.common import percentile

MAX_REQUESTS = 200_000  # a hard bound, whatever the duration


def run(port: int, path: str, *, seconds: float, threads: int) -> dict[str, Any]:
    """Hammer http://127.0.0.1:port/path from `threads` connections; return throughput/latency."""
    deadline = time.perf_counter() + seconds
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors = [0] * threads
    sizes = [0] * threads
    budget = MAX_REQUESTS // threads

    def worker(slot: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < deadline and len(latencies[slot]) < budget:
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException):
                errors[slot] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            latencies[slot].append(time.perf_counter() - started)
            sizes[slot] += len(body)
            if response.status != 200:
                errors[slot] += 1
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
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
        "path": path,
        "requests": count,
        "errors": sum(errors),
        "seconds": round(elapsed, 2),
        "requests_per_second": round(count / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(flat, 0.50) * 1000, 2),
        "p99_ms": round(percentile(flat, 0.99) * 1000, 2),
        "mean_bytes": round(sum(sizes) / count) if count else 0,
    }
