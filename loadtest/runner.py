"""One scenario from start to end: set up, drive (maybe with a fault), judge, tear down."""

from __future__ import annotations

import http.client
import json
import shutil
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loadtest import driver, faults, server
from loadtest.verdict import Verdict, judge, stored_rows, summary

FAULTS = ("none", "pg-restart")


@dataclass(frozen=True)
class Options:
    rate: float = 20.0
    seconds: float = 20.0
    workers: int = 4
    threads: int = 4
    timeout: float = 10.0
    fault: str = "none"
    down_seconds: float = 4.0
    fault_at: float = 0.35  # fraction of the run after which the fault starts
    redis_db: int = 13
    conn_max_age: int = 60
    keep: bool = False


@dataclass
class Report:
    options: Options
    verdict: Verdict
    lines: list[dict[str, Any]]
    outage: dict[str, float] = field(default_factory=dict)
    logs: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.verdict.ok,
            "fault": self.options.fault,
            "rate": self.options.rate,
            "seconds": self.options.seconds,
            "requests": sum(int(line["requests"]) for line in self.lines),
            "problems": self.verdict.problems[:20],
            "problem_count": len(self.verdict.problems),
            "refused_during_outage": self.verdict.refused_during_outage,
            "refused_after_outage": self.verdict.refused_after_outage,
            "accepted_posts": self.verdict.accepted_posts,
            "stored_posts": self.verdict.stored_posts,
            "outage": self.outage,
            "by_kind": self.lines,
        }


def preflight() -> str | None:
    """Why this machine cannot run the load test, or None."""
    if not server.postgres_reachable():
        return f"PostgreSQL does not answer on {server.HOST}:{server.PG_PORT}"
    if not server.redis_reachable():
        return f"Redis does not answer on {server.HOST}:{server.REDIS_PORT}"
    if shutil.which("pg_ctlcluster") is None:
        return "pg_ctlcluster is not installed"
    return None


def run(options: Options) -> Report:
    """Run one scenario; the database and processes are always cleaned up."""
    if options.fault not in FAULTS:
        raise ValueError(f"unknown fault {options.fault!r}")
    run_id = uuid.uuid4().hex[:10]
    workdir = Path(tempfile.mkdtemp(prefix="massalia-load-"))
    database = f"massalia_load_{run_id}"
    site = server.Site(
        database=database,
        port=server.free_port(),
        workers=options.workers,
        threads=options.threads,
        workdir=workdir,
        env=server.server_env(
            database=database,
            workdir=workdir,
            redis_db=options.redis_db,
            conn_max_age=options.conn_max_age,
        ),
    )
    try:
        server.prepare(site)
        server.start_gunicorn(site)
        return _drive_and_judge(site, options, run_id)
    finally:
        server.stop_gunicorn(site)
        if not options.keep:
            _drop_when_possible(database)
            shutil.rmtree(workdir, ignore_errors=True)


def _drive_and_judge(site: server.Site, options: Options, run_id: str) -> Report:
    catalog = _catalog(site, run_id)
    outage = faults.Outage() if options.fault == "pg-restart" else None
    injector = None
    if outage is not None:
        injector = threading.Timer(
            options.seconds * options.fault_at,
            faults.restart_postgres,
            args=(outage,),
            kwargs={"down_seconds": options.down_seconds},
        )
        injector.start()
    results = driver.drive(
        site.port, catalog, rate=options.rate, seconds=options.seconds, timeout=options.timeout
    )
    if injector is not None:
        injector.join(timeout=faults.READY_TIMEOUT + 60)
    failed = [r for r in results if r.kind == "open311-post" and r.status not in (200, 201)]
    retries = driver.retry_posts(site.port, catalog, failed, timeout=options.timeout)
    rows = stored_rows(site.database_url, run_id)
    verdict = judge(
        results, retries, rows, outage=outage, stale_allowance=options.workers * options.threads
    )
    report = Report(options=options, verdict=verdict, lines=summary(results, retries))
    if outage is not None:
        start = results[0].due if results else outage.began
        report.outage = {
            "stop_at_s": round(outage.began - start, 2),
            "down_s": round(outage.started - outage.stopped, 2),
            "ready_at_s": round(outage.ready - start, 2),
        }
    report.logs = [str(path) for path in site.logs]
    return report


def _catalog(site: server.Site, run_id: str) -> driver.Catalog:
    services = _get_json(site.port, "/open311/v2/services.json")
    requests = _get_json(site.port, "/open311/v2/requests.json")
    # Services with attributes may require some: the load test posts plain reports.
    codes = [str(s["service_code"]) for s in services if not s.get("metadata")]
    ids = [int(r["service_request_id"]) for r in requests][:50]
    if not codes or not ids:
        raise server.SetupError("the demo has no Open311 service or no public request")
    return driver.Catalog(api_key=site.api_key, service_codes=codes, detail_ids=ids, run_id=run_id)


def _get_json(port: int, path: str) -> Any:
    conn = http.client.HTTPConnection(server.HOST, port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        if response.status != 200:
            raise server.SetupError(f"GET {path} answered {response.status}")
        return json.loads(response.read())
    finally:
        conn.close()


def _drop_when_possible(database: str) -> None:
    # After a fault the cluster may still be starting: try for a while, never forever.
    for _ in range(30):
        try:
            server.drop_database(database)
            return
        except Exception:
            time.sleep(1)
