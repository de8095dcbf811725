"""Connected city: ingestion through the HTTP endpoint against raw inserts, and the quality of
the water detection on a generated population of meters.

Run as `python -m bench.connected OUT.json` (writes OUT.json and OUT.md beside it);
BENCH_CONNECTED_DEVICES, BENCH_CONNECTED_HOURS, BENCH_CONNECTED_BATCH and
BENCH_CONNECTED_METERS change the sizes.

Ingestion (SQLite file, then PostgreSQL, each in a fresh process): DEVICES water meters and a
gateway key; DEVICES × HOURS hourly readings sent as JSON batches of BATCH readings to
`POST /telemetry/v1/readings` on gunicorn with 4 workers, by 4 client threads at once (bodies
encoded beforehand, so the client costs little); then the table is emptied and the same rows
inserted raw in the same run: COPY on PostgreSQL, executemany of one INSERT on SQLite. Both
figures are readings per second of wall time. Then one batch is sent again to check that
nothing is stored twice.

Detection (pure functions, no database): METERS meters over 60 days of hourly readings, each a
household with its own level of use, random lost readings, a few six-hour gaps and index
resets; injected in some of them: a leak (a constant flow of 3 to 30 L/h from some day on), a
night flow (8 to 20 L/h between 01:00 and 05:00 on the last nights), a pool filled with a
garden hose (hours of daytime flow on four days: 30 m³). Their history is daily aggregates of
the same household's level on the same days of the two previous years. Precision and recall
per kind, at the meter's level (a meter is predicted of a kind when an episode of that kind is
found).
"""

from __future__ import annotations

import json
import math
import os
import random
import sys
import threading
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench import server
from bench.common import environment, machine, run_part, setup_django, setup_django_url

DEVICES = int(os.environ.get("BENCH_CONNECTED_DEVICES", "500"))
HOURS = int(os.environ.get("BENCH_CONNECTED_HOURS", "400"))
BATCH = int(os.environ.get("BENCH_CONNECTED_BATCH", "5000"))
METERS = int(os.environ.get("BENCH_CONNECTED_METERS", "400"))
CLIENTS = 4
WORKERS = 4
PG = "postgres://postgres@127.0.0.1:5432/massalia_bench_connected"
SQLITE = "connected.sqlite3"
PY = ".venv/bin/python -m"
ZONE = ZoneInfo("Europe/Paris")


def main(out: str) -> None:
    result: dict[str, Any] = {"machine": machine()}
    chosen = os.environ.get("BENCH_CONNECTED_PARTS", "ingest,ngsild,review,detection")
    parts = chosen.split(",")
    if "ingest" in parts:
        result["ingest_sqlite"] = _in_process("ingest", "sqlite")
        result["ingest_postgresql"] = _in_process("ingest", "postgresql")
    if "ngsild" in parts:
        result["ngsild_postgresql"] = _in_process("ngsild", "postgresql")
    if "review" in parts:
        result["review_postgresql"] = _in_process("review", "postgresql")
    if "detection" in parts:
        result["detection"] = detection()
    Path(out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    Path(out).with_suffix(".md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))


def _in_process(part: str, database: str) -> dict[str, Any]:
    env = {**os.environ, **environment(SQLITE, "bench.settings")}
    env["RATELIMIT_ENABLED"] = "false"  # the figure is the endpoint's cost
    return dict(run_part("bench.connected", part, database, env, PG))


# Ingestion ----------------------------------------------------------------------------------


def ingest(database: str) -> dict[str, Any]:
    if database == "postgresql":
        setup_django_url(PG, "bench.settings")
    else:
        setup_django(SQLITE, "bench.settings")
    from django.db import connection

    from massalia.connected.models import Device, Reading
    from massalia.core.api.keys import create_key
    from massalia.core.api.models import ApiKey

    Reading.objects.all().delete()
    Device.objects.filter(identifier__startswith="BENCH-").delete()
    Device.objects.bulk_create(
        Device(identifier=f"BENCH-{n:05d}", kind=Device.Kind.WATER_METER) for n in range(DEVICES)
    )
    ApiKey.objects.filter(name="bench-gateway").delete()
    _, key = create_key(name="bench-gateway", scopes=["telemetry:write"])
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=HOURS)
    rows = [
        (f"BENCH-{d:05d}", (start + timedelta(hours=h)).isoformat(), 1000.0 + 7 * h + d)
        for h in range(HOURS)
        for d in range(DEVICES)
    ]
    bodies = [
        json.dumps(
            [{"device": m, "time": t, "value": v} for m, t, v in rows[i : i + BATCH]]
        ).encode()
        for i in range(0, len(rows), BATCH)
    ]
    from massalia.connected import partitions

    partitions.prepare(
        {(start + timedelta(hours=h)).date().replace(day=1) for h in range(0, HOURS, 24)}
        | {start.date().replace(day=1), (start + timedelta(hours=HOURS)).date().replace(day=1)}
    )
    connection.close()

    port = server.free_port()
    env = {**os.environ, "RATELIMIT_ENABLED": "false"}
    process, label = server.start(port, env, workers=WORKERS, threads=2)
    try:
        server.wait(port, process)
        url = f"http://127.0.0.1:{port}/telemetry/v1/readings"
        _post(url, key, bodies[0])  # a warm-up, then emptied below
        Reading.objects.all().delete()
        connection.close()
        http_s, statuses = _send_all(url, key, bodies)
        stored = Reading.objects.count()
        again = json.loads(_post(url, key, bodies[0])[1])
    finally:
        server.stop(process)

    Reading.objects.all().delete()
    raw_s = _raw(rows)
    raw_stored = Reading.objects.count()
    Reading.objects.all().delete()
    return {
        "database": connection.vendor,
        "server": label,
        "clients": CLIENTS,
        "devices": DEVICES,
        "readings": len(rows),
        "batch": BATCH,
        "stored": stored,
        "statuses": statuses,
        "http_per_second": round(len(rows) / http_s),
        "raw_per_second": round(len(rows) / raw_s),
        "raw_method": "COPY" if connection.vendor == "postgresql" else "executemany INSERT",
        "raw_stored": raw_stored,
        "share_of_raw": round((len(rows) / http_s) / (len(rows) / raw_s), 3),
        "batch_sent_again": {k: again[k] for k in ("stored", "duplicates")},
    }


def _post(url: str, key: str, body: bytes) -> tuple[int, bytes]:
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json", "X-Api-Key": key}
    )
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _send_all(url: str, key: str, bodies: list[bytes]) -> tuple[float, dict[str, int]]:
    queue = list(reversed(bodies))
    lock = threading.Lock()
    statuses: dict[str, int] = {}

    def worker() -> None:
        while True:
            with lock:
                if not queue:
                    return
                body = queue.pop()
            status, _ = _post(url, key, body)
            with lock:
                statuses[str(status)] = statuses.get(str(status), 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, statuses


def _raw(rows: list[tuple[str, str, float]]) -> float:
    from django.db import connection

    from massalia.connected.models import Device

    ids = dict(
        Device.objects.filter(identifier__startswith="BENCH-").values_list("identifier", "pk")
    )
    now = datetime.now(UTC)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copy_sql = (
                "COPY connected_reading (device_id, time, value, extra, received_at) FROM STDIN"
            )
            with cursor.cursor.copy(copy_sql) as copy:
                for meter, moment, value in rows:
                    copy.write_row((ids[meter], moment, value, "{}", now))
        else:
            stamp = now.isoformat()
            cursor.executemany(
                "INSERT INTO connected_reading (device_id, time, value, extra, received_at) "
                "VALUES (%s, %s, %s, %s, %s)",
                [(ids[m], datetime.fromisoformat(t).replace(tzinfo=None).isoformat(sep=" "),
                  v, "{}", stamp) for m, t, v in rows],
            )  # fmt: skip
    connection.commit() if not connection.get_autocommit() else None
    return time.perf_counter() - started


# NGSI-LD -------------------------------------------------------------------------------------

NGSI_DEVICES = int(os.environ.get("BENCH_CONNECTED_NGSI_DEVICES", "5000"))
QUERIES = 200


def ngsild(database: str) -> dict[str, Any]:
    """Latency of NGSI-LD reads in process (Django's test client: the view and the database,
    no HTTP server), over NGSI_DEVICES located meters with a week of daily aggregates."""
    if database == "postgresql":
        setup_django_url(PG, "bench.settings")
    else:
        setup_django(SQLITE, "bench.settings")
    from django.test import Client
    from django.utils import timezone

    from massalia.connected.models import DailyAggregate, Device
    from massalia.core.api.keys import create_key
    from massalia.core.api.models import ApiKey

    Device.objects.filter(identifier__startswith="NGSI-").delete()
    pick = random.Random(5)
    devices = Device.objects.bulk_create(
        Device(identifier=f"NGSI-{n:05d}", kind=Device.Kind.WATER_METER,
               latitude=pick.uniform(43.20, 43.38), longitude=pick.uniform(5.30, 5.50),
               battery_percent=pick.randint(1, 100), last_seen_at=timezone.now())
        for n in range(NGSI_DEVICES)
    )  # fmt: skip
    today = timezone.localdate()
    DailyAggregate.objects.bulk_create(
        DailyAggregate(device=d, day=today - timedelta(days=k), litres=pick.uniform(100, 900),
                       hours=24, estimated_hours=0, opens_measured=True, closes_measured=True,
                       readings=24)
        for d in devices for k in range(1, 8)
    )  # fmt: skip
    ApiKey.objects.filter(name="bench-ngsild").delete()
    _, key = create_key(name="bench-ngsild", scopes=["ngsild:read"])
    client = Client(headers={"X-Api-Key": key})
    base = "/ngsi-ld/v1/entities"
    queries = {
        "type=Device&limit=20": lambda i: f"{base}?type=Device&limit=20&offset={i * 20}",
        "type=WaterConsumptionObserved&limit=100": lambda i: (
            f"{base}?type=WaterConsumptionObserved&limit=100&offset={i * 5}"
        ),
        "one entity by id": lambda i: f"{base}/urn:ngsi-ld:Device:NGSI-{i:05d}",
        "near;maxDistance==500": lambda i: (
            f"{base}?type=Device&georel=near;maxDistance==500&geometry=Point"
            f"&coordinates=[{5.30 + 0.001 * i:.3f},{43.20 + 0.0009 * i:.4f}]"
        ),
        "within a pentagon 1 km across": lambda i: (
            f"{base}?type=Device&georel=within&geometry=Polygon"
            f"&coordinates={_pentagon(5.30 + 0.001 * i, 43.20 + 0.0009 * i)}"
        ),
        'q=name!="x" (read in Python, every device)': lambda i: (
            f'{base}?type=Device&q=name!="x"&limit=20'
        ),
        "q=batteryLevel<0.05 (in SQL)": lambda i: (
            f"{base}?type=Device&q=batteryLevel<0.05&limit=20"
        ),
    }
    result: dict[str, Any] = {"database": database, "devices": NGSI_DEVICES}
    for name, url in queries.items():
        timings, statuses = [], set()
        for i in range(20 if "Python" in name else QUERIES):
            started = time.perf_counter()
            statuses.add(client.get(url(i)).status_code)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        result[name] = {
            "queries": len(timings),
            "statuses": sorted(statuses),
            "p50_ms": round(timings[len(timings) // 2], 1),
            "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
        }
    Device.objects.filter(identifier__startswith="NGSI-").delete()
    return result


def _pentagon(lon: float, lat: float, radius_m: float = 500) -> str:
    """A regular pentagon around (lon, lat), as NGSI-LD's coordinates of a Polygon."""
    dlat = radius_m / 111_320
    dlon = dlat / math.cos(math.radians(lat))
    ring = [
        [round(lon + dlon * math.sin(2 * math.pi * k / 5), 6),
         round(lat + dlat * math.cos(2 * math.pi * k / 5), 6)]
        for k in range(5)
    ]  # fmt: skip
    return json.dumps([[*ring, ring[0]]], separators=(",", ":"))


# Review -------------------------------------------------------------------------------------

REVIEW_METERS = int(os.environ.get("BENCH_CONNECTED_REVIEW_METERS", "2000"))
REVIEW_DAYS = int(os.environ.get("BENCH_CONNECTED_REVIEW_DAYS", "40"))


def review(database: str) -> dict[str, Any]:
    """The scheduled review of REVIEW_METERS meters with REVIEW_DAYS of hourly readings (a
    household's use, a leak in one meter in twenty), once every meter has had its first
    review: one more hour of readings comes in through the ingestion service, then the same
    meters are reviewed over the whole window and incrementally (claimed batches, from the
    earliest new reading on), same data, same clock; twice, the order swapped the second
    time, so that neither profits alone from a warm cache."""
    if database == "postgresql":
        setup_django_url(PG, "bench.settings")
    else:
        setup_django(SQLITE, "bench.settings")
    import logging

    from django.db import connection

    from massalia.connected import ingest, partitions, watch
    from massalia.connected.models import Device, Reading, Suspicion

    logging.getLogger("massalia.connected.watch").setLevel(logging.ERROR)  # no case type here
    Device.objects.filter(identifier__startswith="REVIEW-").delete()
    devices = Device.objects.bulk_create(
        Device(identifier=f"REVIEW-{n:05d}", kind=Device.Kind.WATER_METER)
        for n in range(REVIEW_METERS)
    )
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=3)
    start = now - timedelta(days=REVIEW_DAYS)
    partitions.prepare(
        sorted({(start + timedelta(days=d)).date().replace(day=1) for d in range(REVIEW_DAYS + 1)})
    )
    pick = random.Random(40)
    clock = [
        (start + timedelta(hours=h)).astimezone(ZONE).hour for h in range(REVIEW_DAYS * 24 + 3)
    ]
    flows: dict[int, list[float]] = {}
    loaded = time.perf_counter()
    for device in devices:
        hourly = _household(pick, pick.uniform(0.5, 2.0), clock)
        if pick.random() < 0.05:
            begin = pick.randrange(len(hourly) // 2, len(hourly))
            hourly[begin:] = [f + 8 for f in hourly[begin:]]
        flows[device.pk] = hourly
    _load_readings(connection, start, {pk: f[: REVIEW_DAYS * 24] for pk, f in flows.items()})
    readings = Reading.objects.count()
    load_s = time.perf_counter() - loaded
    for device in devices:
        watch.review(device, now=now)
    Device.objects.filter(pk__in=[d.pk for d in devices]).update(
        review_pending=False, review_from=None
    )
    rounds: list[dict[str, Any]] = []
    for hour, order in ((1, ("whole", "incremental")), (2, ("incremental", "whole"))):
        moment = start + timedelta(hours=REVIEW_DAYS * 24 + hour - 1)
        items: list[ingest.Incoming] = []
        for device in devices:
            index = 1000.0 + sum(flows[device.pk][: REVIEW_DAYS * 24 + hour])
            items.append(ingest.Incoming(len(items), device.identifier, moment.isoformat(), index))
        ingest.receive(items, channel="http")
        clock_now = moment + timedelta(minutes=5)
        figures: dict[str, float] = {}
        for mode in order:
            started = time.perf_counter()
            if mode == "whole":
                for device in Device.objects.filter(identifier__startswith="REVIEW-"):
                    watch.review(device, now=clock_now)
            else:
                ids = watch.pending(limit=REVIEW_METERS)
                assert len(ids) == REVIEW_METERS, len(ids)
                for at in range(0, len(ids), watch.BATCH):
                    watch.review_batch(ids[at : at + watch.BATCH], now=clock_now)
            figures[mode] = time.perf_counter() - started
        rounds.append(
            {
                "order": list(order),
                "whole_s": round(figures["whole"], 2),
                "incremental_s": round(figures["incremental"], 2),
                "ratio": round(figures["whole"] / figures["incremental"], 1),
            }
        )
    suspicions = Suspicion.objects.filter(
        device__identifier__startswith="REVIEW-", closed_at__isnull=True
    ).count()
    Device.objects.filter(identifier__startswith="REVIEW-").delete()
    whole = sum(r["whole_s"] for r in rounds) / len(rounds)
    incremental = sum(r["incremental_s"] for r in rounds) / len(rounds)
    return {
        "database": connection.vendor,
        "meters": REVIEW_METERS,
        "days": REVIEW_DAYS,
        "readings": readings,
        "load_s": round(load_s, 1),
        "open_suspicions": suspicions,
        "rounds": rounds,
        "whole_meters_per_second": round(REVIEW_METERS / whole),
        "incremental_meters_per_second": round(REVIEW_METERS / incremental),
        "ratio": round(whole / incremental, 1),
    }


def _load_readings(connection: Any, start: datetime, flows: dict[int, list[float]]) -> None:
    """Index readings from the hourly flows, written raw (COPY on PostgreSQL)."""
    from massalia.connected.models import Reading

    received = datetime.now(UTC)
    if connection.vendor != "postgresql":
        Reading.objects.bulk_create(
            (
                Reading(device_id=pk, time=start + timedelta(hours=h), value=v, extra={},
                        received_at=received)
                for pk, hourly in flows.items()
                for h, v in enumerate(_indexes(hourly))
            ),
            batch_size=5000,
        )  # fmt: skip
        return
    stamp = received.isoformat()
    with connection.cursor() as cursor:
        copy_sql = "COPY connected_reading (device_id, time, value, extra, received_at) FROM STDIN"
        with cursor.cursor.copy(copy_sql) as copy:
            for pk, hourly in flows.items():
                copy.write(
                    "".join(
                        f"{pk}\t{(start + timedelta(hours=h)).isoformat()}\t{v!r}\t{{}}\t{stamp}\n"
                        for h, v in enumerate(_indexes(hourly))
                    )
                )


def _indexes(hourly: list[float]) -> list[float]:
    index, found = 1000.0, [1000.0]
    for flow in hourly[:-1]:
        index += flow
        found.append(index)
    return found


# Detection ----------------------------------------------------------------------------------

KINDS = ("leak", "night_flow", "abnormal_consumption")


def detection() -> dict[str, Any]:
    from zoneinfo import ZoneInfo

    from massalia.connected import water

    zone = ZoneInfo("Europe/Paris")
    pick = random.Random(18)
    start = datetime(2025, 9, 1, tzinfo=zone)
    days = 60
    truth: dict[str, set[str]] = {kind: set() for kind in KINDS}
    found: dict[str, set[str]] = {kind: set() for kind in KINDS}
    readings_total = 0
    started = time.perf_counter()
    for n in range(METERS):
        meter = f"M{n:04d}"
        level = pick.uniform(0.5, 2.0)  # people in the household, roughly
        injected = pick.random()
        kind = "leak" if injected < 0.1 else "night_flow" if injected < 0.15 else (
            "abnormal_consumption" if injected < 0.2 else None
        )  # fmt: skip
        if kind:
            truth[kind].add(meter)
        local = [
            (start.astimezone(UTC) + timedelta(hours=h)).astimezone(zone) for h in range(days * 24)
        ]
        flows = _household(pick, level, [moment.hour for moment in local])
        if kind == "leak":
            begin = pick.randrange(24 * 10, 24 * (days - 3))
            rate = pick.uniform(3, 30)
            for h in range(begin, len(flows)):
                flows[h] += rate
        elif kind == "night_flow":
            rate = pick.uniform(8, 20)
            last_nights = {moment.date() for moment in local[-5 * 24 :]}
            for h, moment in enumerate(local):
                if moment.date() in last_nights and 1 <= moment.hour < 5:
                    flows[h] += rate
        elif kind == "abnormal_consumption":
            first = local[0].date() + timedelta(days=pick.randrange(days - 30, days - 6))
            filling = {first + timedelta(days=d) for d in range(4)}
            for h, moment in enumerate(local):
                if moment.date() in filling and 9 <= moment.hour < 19:
                    flows[h] += 30_000 / 40
        readings = _readings(pick, meter, start, flows, water)
        readings_total += len(readings)
        past = _history(meter, start, days, level, zone, water)
        episodes = water.detect(readings, water.Rules(), past_days={meter: past})
        for episode in episodes:
            if episode.kind.value in found:
                found[episode.kind.value].add(meter)
    seconds = time.perf_counter() - started
    quality = {}
    anomalous = set().union(*truth.values())
    for kind in KINDS:
        hits = len(truth[kind] & found[kind])
        # A leak doubles a month's volume too: the law's rule rightly flags it. Its precision
        # among meters without any injected anomaly says how often it cries wolf.
        others = found[kind] - anomalous
        quality[kind] = {
            "injected": len(truth[kind]),
            "found": len(found[kind]),
            "true_positives": hits,
            "found_on_other_anomalies": len(found[kind] - truth[kind] - others),
            "false_on_healthy_meters": len(others),
            "precision": round(hits / len(found[kind]), 3) if found[kind] else None,
            "precision_vs_healthy": round(hits / (hits + len(others)), 3) if hits else None,
            "recall": round(hits / len(truth[kind]), 3) if truth[kind] else None,
        }
    return {
        "meters": METERS,
        "days": days,
        "readings": readings_total,
        "readings_per_second": round(readings_total / seconds),
        "quality": quality,
    }


def _household(pick: random.Random, level: float, clock: list[int]) -> list[float]:
    """Hourly litres: quiet nights, showers in the morning, cooking and washing at night's
    edge, a machine now and then; never a full day without a quiet hour."""
    profile = [0, 0, 0, 0, 0, 0, 0.6, 1.0, 0.5, 0.2, 0.1, 0.3, 0.5, 0.2, 0.1, 0.1, 0.1,
               0.2, 0.5, 0.6, 0.7, 0.4, 0.1, 0]  # fmt: skip
    flows = []
    for hour in clock:
        base = profile[hour] * 40 * level
        flows.append(max(0.0, pick.gauss(base, base * 0.5)) if base else 0.0)
        if pick.random() < 0.01 and profile[hour]:
            flows[-1] += 60  # a washing machine
    return flows


def _readings(
    pick: random.Random, meter: str, start: datetime, flows: list[float], water: Any
) -> list[Any]:
    index = pick.uniform(10_000, 900_000)
    readings = []
    skip = 0
    for h, flow in enumerate([0.0, *flows]):
        index += flow
        if pick.random() < 0.0005:
            index = flow  # the meter replaced: back to zero
        if skip:
            skip -= 1
            continue
        if pick.random() < 0.002:
            skip = 6  # a six-hour gap
        if pick.random() < 0.02:
            continue  # a lost reading
        when = start.astimezone(UTC) + timedelta(hours=h)
        readings.append(water.Reading(meter, when, float(int(index))))
    pick.shuffle(readings)  # out of order, as gateways deliver them
    return readings


def _history(
    meter: str, start: datetime, days: int, level: float, zone: Any, water: Any
) -> list[Any]:
    daily = 40 * level * 6.2 + 10  # the household profile's day, machines included
    first = start.date()
    past = []
    for years in (1, 2):
        for d in range(-2, days + 2):
            day = first.replace(year=first.year - years) + timedelta(days=d)
            past.append(water.Day(day, daily, 24, 0))
    return past


# Summary ------------------------------------------------------------------------------------


def markdown(r: dict[str, Any]) -> str:
    lines = ["## Connected city: ingestion and water detection", ""]
    for name in ("ingest_sqlite", "ingest_postgresql"):
        x = r.get(name, {})
        title = "SQLite" if name.endswith("sqlite") else "PostgreSQL"
        if "http_per_second" not in x:
            lines += [f"{title}: {x.get('skipped') or x.get('error', 'no result')[:300]}", ""]
            continue
        lines += [
            f"**{title}**: {x['readings']:,} readings of {x['devices']} meters in JSON batches of "
            f"{x['batch']:,}, {x['clients']} client threads, {x['server']}: "
            f"**{x['http_per_second']:,} readings/s** through `POST /telemetry/v1/readings` "
            f"(statuses {x['statuses']}, {x['stored']:,} stored), against "
            f"{x['raw_per_second']:,} readings/s raw ({x['raw_method']}, same rows, same run): "
            f"{x['share_of_raw']:.0%} of raw. The first batch sent again stored "
            f"{x['batch_sent_again']['stored']} ({x['batch_sent_again']['duplicates']:,} "
            "duplicates).",
            "",
        ]
    n = r.get("ngsild_postgresql", {})
    if "devices" in n:
        lines += [
            f"NGSI-LD reads on PostgreSQL, {n['devices']:,} located meters with a week of days, "
            "in process (Django's test client: view and database, no HTTP server):",
            "",
            "| query | queries | p50 ms | p95 ms | statuses |",
            "|---|---:|---:|---:|---|",
        ]
        for name, x in n.items():
            if isinstance(x, dict):
                lines.append(
                    f"| `{name}` | {x['queries']} | {x['p50_ms']} | {x['p95_ms']} "
                    f"| {x['statuses']} |"
                )
        lines.append("")
    elif n:
        lines += [f"NGSI-LD: {n.get('skipped') or n.get('error', '')[:300]}", ""]
    v = r.get("review_postgresql", {})
    if "rounds" in v:
        lines += [
            f"**Review** on {v['database']}: {v['meters']:,} meters × {v['days']} days "
            f"({v['readings']:,} hourly readings, {v['open_suspicions']} open suspicions), each "
            "reviewed once, then one more hour of readings: the same meters reviewed over the "
            f"whole window against incrementally (claimed batches of the scheduled job): "
            f"**{v['whole_meters_per_second']:,} against {v['incremental_meters_per_second']:,} "
            f"meters/s, {v['ratio']}× faster**.",
            "",
            "| round (order) | whole window s | incremental s | ratio |",
            "|---|---:|---:|---:|",
        ]
        for n, x in enumerate(v["rounds"], 1):
            lines.append(
                f"| {n} ({' then '.join(x['order'])}) | {x['whole_s']} | {x['incremental_s']} "
                f"| {x['ratio']} |"
            )
        lines.append("")
    elif v:
        lines += [f"Review: {v.get('skipped') or v.get('error', '')[:300]}", ""]
    d = r.get("detection", {})
    if "quality" in d:
        lines += [
            f"Detection on {d['meters']} generated meters × {d['days']} days "
            f"({d['readings']:,} readings, out of order, with gaps and resets): "
            f"{d['readings_per_second']:,} readings/s in one process.",
            "",
            "| kind | injected | found | of which on another anomaly | on healthy meters "
            "| precision | precision vs healthy | recall |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for kind, q in d["quality"].items():
            lines.append(
                f"| {kind} | {q['injected']} | {q['found']} | {q['found_on_other_anomalies']} "
                f"| {q['false_on_healthy_meters']} | {q['precision']} "
                f"| {q['precision_vs_healthy']} | {q['recall']} |"
            )
        lines.append("")
    lines += [f"Reproduce: `{PY} bench.connected OUT.json`.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1] == "--part":
        part, database = sys.argv[2], sys.argv[3]
        parts = {"ingest": ingest, "ngsild": ngsild, "review": review}
        print(json.dumps(parts[part](database)))
    else:
        main(sys.argv[1])
