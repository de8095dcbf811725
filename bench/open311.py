"""Open311 `requests.json` throughput (GET, and POST with a key) with 100,000 requests in
SQLite, against a minimal JSON view.

Run as `python -m bench.open311 OUT.json`. The server (gunicorn when importable, else Django's
runserver) listens on 127.0.0.1 only; wrk makes the load (skipped when wrk is missing), bounded
in time; the former Python client is run once on the minimal view for comparison. The requests
the POSTs file carry a marker in their description and are deleted at the end.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import sys
import time
from typing import Any

from bench import http_load, posts, server
from bench.common import environment, setup_django

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "100000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = 8  # the server's 2 workers × 4 threads
DB = "open311.sqlite3"
TARGETS = {
    "minimal": "/bench/minimal.json",
    "open311_requests": "/open311/v2/requests.json",
    "open311_requests_page_50": "/open311/v2/requests.json?page_size=50",
    "open311_post": posts.OPEN311,
}
COMPARED = ("open311_requests", "open311_requests_page_50", "open311_post")


def main(out: str) -> None:
    result: dict[str, Any] = {"database_requests": REQUESTS, "connections": CONNECTIONS}
    if http_load.WRK is None:
        result["skipped"] = http_load.WRK_MISSING
        with open(out, "w", encoding="utf-8") as handle:
            json.dump(result, handle)
        return
    if importlib.util.find_spec("massalia.open311.views") is None:
        result["open311"] = "unavailable (massalia.open311 is missing)"
        for name in COMPARED:
            TARGETS.pop(name)
    result["load_seconds"] = _prepare()
    raw_key = posts.api_key() if "open311_post" in TARGETS else ""
    port = server.free_port()
    # Rate limits (300 reads/min per client) would turn most of the load into 429s.
    env = {**os.environ, **environment(DB, "bench.settings"), "RATELIMIT_ENABLED": "false"}
    process, result["server"] = server.start(port, env, workers=2, threads=4)
    try:
        server.wait(port, process)
        post = posts.body(port, raw_key) if raw_key else ""
        if post:
            result["first_post_ms"] = posts.first_post_ms(port, post)
        for name, path in TARGETS.items():
            options: dict[str, Any] = {}
            if name == "open311_post":
                options = {"method": "POST", "body_template": post, "headers": http_load.FORM}
            # Every worker serves before the measure (a worker's first POST loads the pulse's
            # models: first_post_ms).
            http_load.run_wrk(port, path, seconds=2, connections=CONNECTIONS, **options)
            result[name] = http_load.run_wrk(
                port, path, seconds=SECONDS, connections=CONNECTIONS, **options
            )
        # The former client on the same view, to show it was the bottleneck.
        result["python_client_minimal"] = http_load.run(
            port, TARGETS["minimal"], seconds=SECONDS, threads=CONNECTIONS
        )
    finally:
        server.stop(process)
        if raw_key:
            result["post_rows_deleted"] = posts.cleanup()
    if "open311_requests" in result:
        base = result["minimal"]["requests_per_second"]
        for name in COMPARED:
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
