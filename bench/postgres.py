"""Open311 on PostgreSQL: GET and POST `requests.json` against the minimal view, same server.

Run as `python -m bench.postgres OUT.json [TARGET …]` (targets: see TARGETS; the minimal view
is always measured, as the base of the ratios). The throwaway database `massalia_bench` is
created, migrated and filled with 100,000 demo requests once; later runs reuse it. The rows the
POST benchmark creates carry a marker in their description and are deleted at the end.
When PostgreSQL cannot be reached or wrk is missing, the result says so and nothing else
runs. wrk makes the load.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
from typing import Any

from bench import http_load, posts, server
from bench.common import environment, setup_django_url

HOST = os.environ.get("BENCH_PG_HOST", "127.0.0.1")
PORT = int(os.environ.get("BENCH_PG_PORT", "5432"))
USER = os.environ.get("BENCH_PG_USER", "postgres")
DATABASE = "massalia_bench"
URL = f"postgres://{USER}@{HOST}:{PORT}/{DATABASE}"
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "100000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
WORKERS, WORKER_THREADS, CONNECTIONS = 4, 2, 8  # as many connections as server threads
OPEN311 = posts.OPEN311
TARGETS = {
    "minimal": "/bench/minimal.json",
    "get_requests": OPEN311,
    "get_requests_page_50": f"{OPEN311}?page_size=50",
    "post_requests": OPEN311,
}
PREPARE = (
    f"createdb -h {HOST} -U {USER} {DATABASE}; DATABASE_URL={URL} massalia migrate && "
    f"DATABASE_URL={URL} massalia loaddemo --requests {REQUESTS} && "
    f"psql -h {HOST} -U {USER} -d {DATABASE} -c ANALYZE && "
    f"DATABASE_URL={URL} massalia apikey create {posts.KEY_NAME}"
)


def main(out: str, only: list[str]) -> None:
    result: dict[str, Any] = {"database_url": URL, "connections": CONNECTIONS}
    version = _server_version()
    if http_load.WRK is None:
        result["skipped"] = http_load.WRK_MISSING
    elif version is None:
        result["skipped"] = f"PostgreSQL unreachable at {HOST}:{PORT} (user {USER})"
    else:
        result["postgresql"] = version
        result.update(_run(only or list(TARGETS)))
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


def _server_version() -> str | None:
    import psycopg

    try:
        with psycopg.connect(host=HOST, port=PORT, user=USER, dbname="postgres",
                             connect_timeout=3, autocommit=True) as connection:  # fmt: skip
            version = connection.execute("SHOW server_version").fetchone()
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
            ).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{DATABASE}"')
    except psycopg.OperationalError:
        return None
    return str(version[0]) if version else "unknown"


def _run(names: list[str]) -> dict[str, Any]:
    result: dict[str, Any] = {"prepare_command": PREPARE}
    result["database_requests"], result["load_seconds"] = _prepare()
    posts.cleanup()  # rows a previous, interrupted run may have left
    raw_key = posts.api_key()
    port = server.free_port()
    env = {**os.environ, **environment("unused.sqlite3", "bench.settings"), **_server_env()}
    process, result["server"] = server.start(port, env, workers=WORKERS, threads=WORKER_THREADS)
    try:
        server.wait(port, process)
        post = posts.body(port, raw_key)
        if "post_requests" in names:
            result["first_post_ms"] = posts.first_post_ms(port, post)
        for name in ["minimal", *(n for n in names if n != "minimal")]:
            result[name] = _measure(port, name, post)
            result[name]["command"] = f".venv/bin/python -m bench.postgres OUT.json {name}"
    finally:
        server.stop(process)
        result["post_rows_deleted"] = posts.cleanup()
    base = result["minimal"]["requests_per_second"]
    for name in names:
        if name != "minimal" and name in result:
            rate = result[name]["requests_per_second"]
            result[name]["ratio_to_minimal"] = round(rate / base, 4) if base else None
    return result


def _server_env() -> dict[str, str]:
    return {
        "DATABASE_URL": URL,
        # Rate limits would turn most POSTs into 429s: the figure is the endpoint's cost.
        "RATELIMIT_ENABLED": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }


def _prepare() -> tuple[int, float]:
    """Migrate the database and make sure it holds REQUESTS demo requests."""
    os.environ.update(_server_env())
    setup_django_url(URL, "bench.settings")
    from django.core.management import call_command
    from django.db import connection

    from massalia.servicerequests.models import ServiceRequest

    started = time.perf_counter()
    call_command("loaddemo", requests=REQUESTS, stdout=io.StringIO())
    seconds = round(time.perf_counter() - started, 1)
    # Right after a bulk load the planner has no statistics until autovacuum gets round to it,
    # and guesses plans that make requests.json take seconds: measure the settled state.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return ServiceRequest.objects.filter(source="demo").count(), seconds


def _measure(port: int, name: str, post: str) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if name.startswith("post_"):
        options = {"method": "POST", "body_template": post, "headers": http_load.FORM}
    path = TARGETS[name]
    # Every worker serves before the measure: a worker's first POST loads the pulse's models
    # (first_post_ms says how long that takes), which would otherwise land in the figure.
    http_load.run_wrk(port, path, seconds=2, connections=CONNECTIONS, **options)
    return http_load.run_wrk(port, path, seconds=SECONDS, connections=CONNECTIONS, **options)


if __name__ == "__main__":
    unknown = set(sys.argv[2:]) - set(TARGETS)
    if unknown:
        sys.exit(f"unknown targets: {', '.join(sorted(unknown))} (known: {', '.join(TARGETS)})")
    main(sys.argv[1], sys.argv[2:])
