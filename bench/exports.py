"""Exports in constant memory: peak memory of streaming 10,000 to 1,000,000 rows.

Run as `python -m bench.exports OUT.json` (BENCH_EXPORT_SIZES="10000,100000" changes the sizes).
A throwaway SQLite database holds, for each size N, N public confirmed requests of a request
type `bench-N` and N pulse aggregates (DailySignal) over a span of days of their own (bulk
inserts, kept between runs). Each measurement runs in a fresh process, which resets its
peak resident memory (Linux's VmHWM) once Django is warm, then either

- streams the export through Django's test client (`/demandes.geojson?type=bench-N`, the
  pulse's `/barometre/export.csv` over N's span, signed in as an official), or
- builds the same file in memory, the way an export without streaming does (the rows in a
  list, then `json.dumps` or a CSV written into a string): the baseline of the same run,

and reports how far its resident memory rose above the warm process, with the rows and bytes
it produced (counted from the output, so a truncated export would show).
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from typing import Any

from bench.common import ROOT, environment, setup_django

SIZES = [int(n) for n in os.environ.get("BENCH_EXPORT_SIZES", "10000,100000,1000000").split(",")]
DB = "exports.sqlite3"
SETTINGS = "bench.settings"
KINDS = ("geojson_stream", "geojson_in_memory", "csv_stream", "csv_in_memory")
BATCH = 5000
OFFICIAL = "bench.elu"


def main(out: str) -> None:
    result: dict[str, Any] = {"sizes": SIZES, "database": "SQLite"}
    result["prepare_seconds"] = _prepare()
    runs: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
    for size in SIZES:
        for kind in KINDS:
            runs[kind][str(size)] = _measure_in_subprocess(kind, size)
            print(f"bench.exports: {kind} {size:,}: {runs[kind][str(size)]}", flush=True)
    result["runs"] = runs
    result["growth_mib"] = {
        kind: [runs[kind][str(SIZES[0])].get("peak_growth_mib"),
               runs[kind][str(SIZES[-1])].get("peak_growth_mib")]
        for kind in KINDS
    }  # fmt: skip
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


def _env() -> dict[str, str]:
    return {
        **os.environ,
        **environment(DB, SETTINGS),
        "RATELIMIT_ENABLED": "false",
        "DEBUG": "false",
    }


def _measure_in_subprocess(kind: str, size: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.exports", "--measure", kind, str(size)],
        cwd=ROOT, env=_env(), capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else done.returncode}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


# Preparing the database ------------------------------------------------------------------


def _span(size: int) -> tuple[date, date]:
    """The days holding size N's aggregates: one span per size, apart from the others."""
    start = date(2000 + 4 * SIZES.index(size), 1, 1)
    per_day = _cells_per_day()
    return start, start + timedelta(days=max(0, -(-size // per_day) - 1))


_CELLS: list[tuple[int, int, int, str]] = []


def _cells() -> list[tuple[int, int, int, str]]:
    """Every topic × quartier × channel: the rows of one day."""
    if not _CELLS:
        from massalia.pulse.models import Channel, Topic
        from massalia.territory.models import Quartier

        topics = list(Topic.objects.order_by("id").values_list("pk", flat=True))
        places = list(Quartier.objects.order_by("id").values_list("pk", "arrondissement_id"))
        _CELLS.extend(
            (t, q, a, c) for t in topics for q, a in places for c in Channel.values
        )  # fmt: skip
    return _CELLS


def _cells_per_day() -> int:
    return len(_cells())


def _prepare() -> float:
    """Territory, topics, an official and, for each size, its requests and aggregates."""
    os.environ.update({"RATELIMIT_ENABLED": "false"})
    setup_django(DB, SETTINGS)
    from massalia.accounts.models import User
    from massalia.pulse.models import DailySignal
    from massalia.pulse.taxonomy import ensure_topics
    from massalia.servicerequests.models import ServiceRequest
    from massalia.territory import approximate

    approximate.build()
    ensure_topics()
    User.objects.get_or_create(username=OFFICIAL, defaults={"is_official": True})
    started = time.perf_counter()
    for size in SIZES:
        request_type = _request_type(size)
        if ServiceRequest.objects.filter(request_type=request_type).count() != size:
            ServiceRequest.objects.filter(request_type=request_type).delete()
            _insert_requests(request_type, size)
        start, end = _span(size)
        if DailySignal.objects.filter(day__range=(start, end)).count() != size:
            DailySignal.objects.filter(day__range=(start, end)).delete()
            _insert_signals(start, size)
    return round(time.perf_counter() - started, 1)


def _request_type(size: int) -> Any:
    from massalia.servicerequests.models import RequestType
    from massalia.territory.models import Department

    department, _ = Department.objects.get_or_create(code="bench", defaults={"name": "Essais"})
    request_type, _ = RequestType.objects.get_or_create(
        code=f"bench-{size}",
        defaults={"name": f"Essai {size}", "group": "Essais", "department": department},
    )
    return request_type


def _insert_requests(request_type: Any, size: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from massalia.servicerequests.models import ServiceRequest
    from massalia.territory.models import Quartier

    places = [
        (q.pk, q.arrondissement_id, q.centroid_latitude, q.centroid_longitude)
        for q in Quartier.objects.all()
    ]
    pick = random.Random(size)
    now = timezone.now()
    with transaction.atomic():
        for first in range(0, size, BATCH):
            rows = []
            for n in range(first, min(size, first + BATCH)):
                quartier, arrondissement, lat, lon = pick.choice(places)
                when = now - timedelta(minutes=n)
                text = f"Demande d'essai {n} : trottoir abîmé devant le numéro {n % 200}."
                rows.append(ServiceRequest(
                    request_type=request_type, description=text, public_description=text,
                    latitude=(lat or 43.3) + pick.uniform(-0.002, 0.002),
                    longitude=(lon or 5.4) + pick.uniform(-0.002, 0.002),
                    address=f"{n % 200} rue de l'Essai", quartier_id=quartier,
                    arrondissement_id=arrondissement, department_id=request_type.department_id,
                    confirmed_at=when, created_at=when, updated_at=when, source="bench",
                ))  # fmt: skip
            ServiceRequest.objects.bulk_create(rows)


def _insert_signals(start: date, size: int) -> None:
    from django.db import transaction

    from massalia.pulse.models import DailySignal

    cells = _cells()
    pick = random.Random(size)
    with transaction.atomic():
        for first in range(0, size, BATCH):
            rows = []
            for n in range(first, min(size, first + BATCH)):
                topic, quartier, arrondissement, channel = cells[n % len(cells)]
                neg, neu, pos = pick.randrange(6), pick.randrange(4), pick.randrange(3)
                rows.append(DailySignal(
                    day=start + timedelta(days=n // len(cells)), topic_id=topic,
                    quartier_id=quartier, arrondissement_id=arrondissement, channel=channel,
                    messages=neg + neu + pos, negative=neg, neutral=neu, positive=pos,
                    sentiment_sum=round(-0.6 * neg + 0.5 * pos, 3),
                ))  # fmt: skip
            DailySignal.objects.bulk_create(rows)


# One measurement, in its own process -------------------------------------------------------


def _status(field: str) -> int:
    """A memory figure of this process from /proc, in KiB."""
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} missing from /proc/self/status")


def _reset_peak() -> None:
    # "5" resets the peak resident set size (VmHWM) to the current one (Linux ≥ 4.0).
    with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
        handle.write("5")


def measure(kind: str, size: int) -> dict[str, Any]:
    """Run one kind of export of `size` rows in this (fresh, Django-ready) process."""
    from django.test import Client

    from massalia.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=OFFICIAL))
    run = {
        "geojson_stream": _geojson_stream,
        "geojson_in_memory": _geojson_in_memory,
        "csv_stream": _csv_stream,
        "csv_in_memory": _csv_in_memory,
    }[kind]
    run(client, 0)  # warm: imports, URL resolvers, templates, first queries
    _reset_peak()
    base = _status("VmRSS")
    started = time.perf_counter()
    rows, size_bytes = run(client, size)
    seconds = time.perf_counter() - started
    peak = _status("VmHWM")
    return {
        "rows": rows,
        "bytes": size_bytes,
        "seconds": round(seconds, 2),
        "rows_per_second": round(rows / seconds) if seconds else None,
        "warm_rss_mib": round(base / 1024, 1),
        "peak_rss_mib": round(peak / 1024, 1),
        "peak_growth_mib": round((peak - base) / 1024, 1),
    }


def _geojson_path(size: int) -> tuple[str, dict[str, str]]:
    return "/demandes.geojson", {"type": f"bench-{size}" if size else "aucun"}


def _csv_query(size: int) -> dict[str, str]:
    start, end = _span(size) if size else (date(1990, 1, 1), date(1990, 1, 1))
    return {"periode": "dates", "du": start.isoformat(), "au": end.isoformat()}


def _drain(response: Any) -> tuple[int, int]:
    """Bytes and newlines of a streamed response, read chunk by chunk as a server would."""
    assert response.status_code == 200, response.status_code
    count = lines = 0
    for chunk in response.streaming_content:
        count += len(chunk)
        lines += chunk.count(b"\n")
    return count, lines


def _geojson_stream(client: Any, size: int) -> tuple[int, int]:
    path, query = _geojson_path(size)
    count, lines = _drain(client.get(path, query))
    return max(0, lines - 2), count  # a line per feature, then the closing one, then its end


def _csv_stream(client: Any, size: int) -> tuple[int, int]:
    count, lines = _drain(client.get("/barometre/export.csv", _csv_query(size)))
    return lines - 1, count  # the header, then one line per aggregate


def _geojson_in_memory(client: Any, size: int) -> tuple[int, int]:
    """The old view's way, without its cap: every feature in a list, then one json.dumps."""
    from massalia.servicerequests import exports as public_exports
    from massalia.servicerequests import selectors

    dataset = public_exports.for_map()
    assert dataset.geometry and dataset.feature_id
    wanted = selectors.public_requests({"type": f"bench-{size}" if size else "aucun"})
    rows = list(public_exports.map_rows(wanted.exclude(latitude=None).exclude(longitude=None)))
    features = [
        {
            "type": "Feature",
            "id": dataset.feature_id(row),
            "geometry": dataset.geometry(row),
            "properties": {c.key: c.of(row) for c in dataset.columns},
        }
        for row in rows
    ]
    body = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    return len(features), len(body)


def _csv_in_memory(client: Any, size: int) -> tuple[int, int]:
    """The same CSV written into one string from a list of every row."""
    from massalia.pulse import selectors

    start, end = _span(size) if size else (date(1990, 1, 1), date(1990, 1, 1))
    rows = list(selectors.export_rows(selectors.Filters(start=start, end=end)))
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    columns = selectors.SIGNALS_EXPORT.columns
    writer.writerow([c.header for c in columns])
    for row in rows:
        values = [c.of(row) for c in columns]
        writer.writerow(["" if v is None else str(v).replace(".", ",") for v in values])
    body = ("\ufeff" + text.getvalue()).encode()
    return len(rows), len(body)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--measure":
        os.environ.update(environment(DB, SETTINGS))
        import django

        django.setup()
        print(json.dumps(measure(sys.argv[2], int(sys.argv[3]))))
    else:
        main(sys.argv[1])
