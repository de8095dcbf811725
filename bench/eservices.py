"""E-services: the sector-school lookup and booking under contention, each against a baseline.

Run as `python -m bench.eservices OUT.json` (BENCH_SECTOR_ADDRESSES=100000,
BENCH_BOOKING_THREADS=8 and BENCH_BOOKINGS_PER_THREAD=150 change the sizes).

Sector lookup (SQLite): a school map of 2,000 streets (four lines each: even and odd numbers of
the first block, both sides of a second block, a maternelle for every number), then
`sector.lookup` for N random addresses and levels, against a plain query of the same lines
(`values_list` of the school id, no model objects, no reason built), in the same process.

Booking (SQLite file and PostgreSQL, each in a fresh process): T threads, each with its own
connection, book one slot of the same site again and again, all at once. `appointments.book`
(ANTS check, one-number-one-booking check, the conditional UPDATE of the slot, the insert)
against the same threads inserting the appointment rows alone. Then the same threads race for
a slot of 10 desks: exactly 10 must be booked, every other attempt refused with its message.
"""

from __future__ import annotations

import json
import os
import random
import sys
import threading
import time
from typing import Any

from bench.common import environment, run_part, setup_django, setup_django_url

ADDRESSES = int(os.environ.get("BENCH_SECTOR_ADDRESSES", "100000"))
THREADS = int(os.environ.get("BENCH_BOOKING_THREADS", "8"))
PER_THREAD = int(os.environ.get("BENCH_BOOKINGS_PER_THREAD", "150"))
STREETS = 2000
PG = "postgres://postgres@127.0.0.1:5432/massalia_bench_eservices"


def main(out: str) -> None:
    result: dict[str, Any] = {"sector": _in_process("sector", "sqlite")}
    result["booking_sqlite"] = _in_process("booking", "sqlite")
    result["booking_postgresql"] = _in_process("booking", "postgresql")
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


def _in_process(part: str, database: str) -> dict[str, Any]:
    env = {**os.environ, **environment(f"eservices-{part}.sqlite3", "massalia.settings")}
    # Emails are rendered (with their calendar event) as in production, not sent.
    env["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    return dict(run_part("bench.eservices", part, database, env, PG))


# Sector lookup -------------------------------------------------------------------------------


def sector() -> dict[str, Any]:
    setup_django("eservices-sector.sqlite3")
    from massalia.eservices import sector as sectors
    from massalia.eservices.levels import Level, kinds_for
    from massalia.eservices.models import SectorLine

    streets = _school_map()
    pick = random.Random(7)
    levels = [level.value for level in Level]
    addresses = [(pick.choice(streets), pick.randint(1, 400), pick.choice(levels))
                 for _ in range(ADDRESSES)]  # fmt: skip

    started = time.perf_counter()
    found = 0
    for key, number, level in addresses:
        found += sectors.lookup(street_key=key, street_name=key, number=number, level=level).found
    lookup_s = time.perf_counter() - started

    started = time.perf_counter()
    plain = 0
    for key, number, level in addresses:
        plain += bool(
            SectorLine.objects.filter(
                street_key=key,
                first_number__lte=number,
                last_number__gte=number,
                school__kind__in=kinds_for(level),
            ).values_list("school_id", flat=True)[:1]
        )
    plain_s = time.perf_counter() - started
    return {
        "addresses": ADDRESSES,
        "streets": STREETS,
        "lines": SectorLine.objects.count(),
        "found": found,
        "plain_found": plain,
        "lookups_per_second": round(ADDRESSES / lookup_s),
        "plain_per_second": round(ADDRESSES / plain_s),
        "time_vs_plain": round(lookup_s / plain_s, 2),
    }


def _school_map() -> list[str]:
    from massalia.eservices.models import School, SectorLine

    keys = [f"rue numero {n}" for n in range(STREETS)]
    if SectorLine.objects.count() == 4 * STREETS:
        return keys
    SectorLine.objects.all().delete()
    School.objects.all().delete()
    schools = School.objects.bulk_create(
        School(code=f"{kind[0]}{n}", name=f"École {n}", kind=kind)
        for n in range(STREETS // 10)
        for kind in ("elementaire", "maternelle")
    )
    elementary = [s for s in schools if s.kind == "elementaire"]
    nursery = [s for s in schools if s.kind == "maternelle"]
    lines = []
    for n, key in enumerate(keys):
        first, second = elementary[n % len(elementary)], elementary[(n + 1) % len(elementary)]
        lines += [
            SectorLine(street_name=key, street_key=key, first_number=1, last_number=199,
                       side="pair", school=first),
            SectorLine(street_name=key, street_key=key, first_number=1, last_number=199,
                       side="impair", school=second),
            SectorLine(street_name=key, street_key=key, first_number=200, last_number=400,
                       side="tous", school=first),
            SectorLine(street_name=key, street_key=key, first_number=1, last_number=400,
                       side="tous", school=nursery[n % len(nursery)]),
        ]  # fmt: skip
    SectorLine.objects.bulk_create(lines, batch_size=2000)
    return keys


# Booking under contention --------------------------------------------------------------------


def booking(database: str) -> dict[str, Any]:
    if database == "postgresql":
        setup_django_url(PG)
    else:
        setup_django("eservices-booking.sqlite3")
    from django.db import connection

    slot = _fresh_slot(capacity=30_000)
    booked = _threads(lambda t, i: _book(slot, f"B{t:02d}{i:07d}"))
    slot = _fresh_slot(capacity=30_000)
    booked_quiet = _without_emails(lambda: _threads(lambda t, i: _book(slot, f"Q{t:02d}{i:07d}")))
    slot = _fresh_slot(capacity=30_000)
    inserted = _threads(lambda t, i: _insert(slot, f"I{t:02d}{i:07d}"))
    small = _fresh_slot(capacity=10)
    race = _threads(lambda t, i: _book(small, f"R{t:02d}{i:07d}"))
    small.refresh_from_db()
    return {
        "database": connection.vendor,
        "threads": THREADS,
        "attempts_per_thread": PER_THREAD,
        "book": booked,
        "book_without_emails": booked_quiet,
        "insert_only": inserted,
        "time_vs_insert_only": round(booked["seconds"] / inserted["seconds"], 2),
        "race_for_10_desks": {**race, "slot_booked": small.booked},
    }


def _without_emails(run: Any) -> Any:
    """`run()` with the booking's confirmation email (rendered with its calendar event by the
    in-process task backend, as on an embedded installation) left out."""
    from massalia.eservices import appointments

    deferred = appointments.defer
    appointments.defer = lambda fn, **kwargs: None
    try:
        return run()
    finally:
        appointments.defer = deferred


def _fresh_slot(*, capacity: int) -> Any:
    import datetime

    from django.utils import timezone

    from massalia.eservices.models import Appointment, Site, Slot
    from massalia.territory.models import Department

    Appointment.objects.all().delete()
    Slot.objects.all().delete()
    department, _ = Department.objects.get_or_create(code="etat-civil", defaults={"name": "x"})
    site, _ = Site.objects.get_or_create(
        slug="banc", defaults={"name": "Banc", "kind": "mairie", "department": department}
    )
    start = timezone.now() + datetime.timedelta(days=3)
    slot = Slot.objects.create(
        site=site, starts_at=start, ends_at=start + datetime.timedelta(minutes=20),
        capacity=capacity,
    )  # fmt: skip
    return Slot.objects.select_related("site").get(pk=slot.pk)


def _book(slot: Any, number: str) -> str:
    from django.core.exceptions import ValidationError

    from massalia.eservices import appointments

    try:
        appointments.book(slot=slot, motive="cni", ants_number=number, name="Banc",
                          email="banc@example.org")  # fmt: skip
    except ValidationError:
        return "refused"
    return "booked"


def _insert(slot: Any, number: str) -> str:
    from massalia.eservices.models import Appointment

    Appointment.objects.create(
        reference=number[-8:] + number[:2],
        slot=slot,
        motive="cni",
        ants_number=number,
        name="Banc",
        email="banc@example.org",
    )
    return "booked"


def _threads(attempt: Any) -> dict[str, Any]:
    from django.db import connection

    start = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def client(t: int) -> None:
        try:
            start.wait()
            mine = [attempt(t, i) for i in range(PER_THREAD)]
            with lock:
                outcomes.extend(mine)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(t,)) for t in range(THREADS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    booked = outcomes.count("booked")
    return {
        "seconds": round(seconds, 3),
        "attempts": len(outcomes),
        "booked": booked,
        "refused": outcomes.count("refused"),
        "per_second": round(len(outcomes) / seconds),
    }


def markdown(r: dict[str, Any]) -> list[str]:
    lines = ["## E-services: sector school and appointments", ""]
    s = r.get("sector", {})
    if "lookups_per_second" in s:
        lines += [
            f"Sector school of {s['addresses']:,} random addresses and levels on a map of "
            f"{s['streets']:,} streets ({s['lines']:,} lines), SQLite: `sector.lookup` "
            f"{s['lookups_per_second']:,}/s against a plain query of the same lines "
            f"{s['plain_per_second']:,}/s (×{s['time_vs_plain']} the time; found "
            f"{s['found']:,} / {s['plain_found']:,}).",
            "",
        ]
    else:
        lines += [f"Sector lookup failed: {s.get('error') or s.get('skipped')}", ""]
    lines += [
        "| booking, threads × attempts | database | booked/s | without the email/s "
        "| insert only/s | ×time | race for 10 desks: booked, refused, slot count |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for key in ("booking_sqlite", "booking_postgresql"):
        b = r.get(key, {})
        if "book" not in b:
            lines.append(f"| {key} | failed: {b.get('error') or b.get('skipped')} | | | | | |")
            continue
        race = b["race_for_10_desks"]
        lines.append(
            f"| {b['threads']} × {b['attempts_per_thread']} | {b['database']} "
            f"| {b['book']['per_second']:,} | {b['book_without_emails']['per_second']:,} "
            f"| {b['insert_only']['per_second']:,} "
            f"| ×{b['time_vs_insert_only']} | {race['booked']}, {race['refused']}, "
            f"{race['slot_booked']} |"
        )
    lines += [
        "",
        '"booked/s" includes rendering the confirmation email and its calendar event in the'
        " booking thread (the in-process task backend of an embedded installation; with Celery"
        " the request only enqueues it); ×time is booking against the bare insert.",
        "",
        "Reproduce: `.venv/bin/python -m bench.eservices OUT.json`.",
        "",
    ]
    return lines


if __name__ == "__main__":
    if sys.argv[1] == "--part":
        part, database = sys.argv[2], sys.argv[3]
        found = sector() if part == "sector" else booking(database)
        print(json.dumps(found))
    else:
        main(sys.argv[1])
