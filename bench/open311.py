"""Open311 `GET requests.json` throughput with 100,000 requests, against a minimal JSON view.

Run as `python -m bench.open311 OUT.json`. The server (gunicorn when importable, else Django's
runserver) listens on 127.0.0.1 only; wrk makes the load (skipped when wrk is missing), bounded
in time; the former Python client is run once on the minimal view for comparison.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import sys
import time
from typing import Any

from bench import http_load, server
from bench.common import environment, setup_django

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "100000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = 8  # the server's 2 workers × 4 threads
DB = "open311.sqlite3"
TARGETS = {
    "minimal": "/bench/minimal.json",
    "open311_requests": "/open311/v2/requests.json",
    "open311_requests_page_50": "/open311/v2/requests.json?page_size=50",
}


def main(out: str) -> None:
    result: dict[str, Any] = {"database_requests": REQUESTS, "connections": CONNECTIONS}
    if http_load.WRK is None:
        result["skipped"] = http_load.WRK_MISSING
        with open(out, "w", encoding="utf-8") as handle:
            json.dump(result, handle)
        return
    if importlib.util.find_spec("massalia.open311.views") is None:
        result["open311"] = "unavailable (massalia.open311 is missing)"
        TARGETS.pop("open311_requests")
        TARGETS.pop("open311_requests_page_50")
    result["load_seconds"] = _prepare()
    port = server.free_port()
    # Rate limits (300 reads/min per client) would turn most of the load into 429s.
    env = {**os.environ, **environment(DB, "bench.settings"), "RATELIMIT_ENABLED": "false"}
    process, result["server"] = server.start(port, env, workers=2, threads=4)
    try:
        server.wait(port, process)
        for name, path in TARGETS.items():
            http_load.run(port, path, seconds=1, threads=1)  # warm caches and connections
            result[name] = http_load.run_wrk(port, path, seconds=SECONDS, connections=CONNECTIONS)
        # The former client on the same view, to show it was the bottleneck.
        result["python_client_minimal"] = http_load.run(
            port, TARGETS["minimal"], seconds=SECONDS, threads=CONNECTIONS
        )
    finally:
        server.stop(process)
    if "open311_requests" in result:
        base = result["minimal"]["requests_per_second"]
        for name in ("open311_requests", "open311_requests_page_50"):
            rate = result[name]["requests_per_second"]
            result[name]["ratio_to_minimal"] = round(rate / base, 4) if base else None
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


def _prepare() -> float:
    """The throwaway database with REQUESTS demo requests (kept: loaddemo is idempotent)."""
    setup_django(DB, "bench.settings")
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("loaddemo", requests=REQUESTS, stdout=io.StringIO())
    return round(time.perf_counter() - started, 1)


if __name__ == "__main__":
    main(sys.argv[1])
