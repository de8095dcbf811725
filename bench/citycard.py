"""City card: the tap decision under concurrent taps, against a bare insert in the same run.

Run as `python -m bench.citycard OUT.json` (BENCH_CITYCARD_THREADS=8,
BENCH_CITYCARD_TAPS_PER_THREAD=100 and BENCH_CITYCARD_CARDS=40 change the sizes).

On SQLite (a file) and PostgreSQL, each in a fresh process: T threads, each with its own
connection, released at once, each tap a card drawn from a few dozen cards (so threads often
meet on one card's purse row) at a validator of its own, one tap after another:

- `tap`: `services.tap`, what `POST /validation/v1/taps` runs for one tap (the card found by
  its keyed hash, its purse row locked, the repeat check, the products read, the decision,
  the fare's balanced movement when the purse pays, the tap recorded);
- baseline `insert`: the same threads inserting the same tap rows alone, in a transaction of
  their own each, no decision: the floor a recorded tap stands on.

The two run in turn (taps, then inserts, then taps again, and inserts again), and the figures
are the latency of each call, p50 and p99, with their ratio. After the taps, every purse must
equal the sum of its entries and none be below zero.
"""

from __future__ import annotations

import json
import os
import random
import sys
import threading
import time
from datetime import timedelta
from typing import Any

from bench.common import environment, percentile, run_part, setup_django, setup_django_url

THREADS = int(os.environ.get("BENCH_CITYCARD_THREADS", "8"))
PER_THREAD = int(os.environ.get("BENCH_CITYCARD_TAPS_PER_THREAD", "100"))
CARDS = int(os.environ.get("BENCH_CITYCARD_CARDS", "40"))
# The inserts' rows stand apart from the taps' (same device and card, another time).
APART = timedelta(days=3)
PG = "postgres://postgres@127.0.0.1:5432/massalia_bench_citycard"
PY = ".venv/bin/python -m"


def main(out: str) -> None:
    result: dict[str, Any] = {
        "sqlite": _in_process("sqlite"),
        "postgresql": _in_process("postgresql"),
        "command": f"{PY} bench.citycard OUT.json",
    }
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


def _in_process(database: str) -> dict[str, Any]:
    env = {**os.environ, **environment("citycard.sqlite3", "massalia.settings")}
    return dict(run_part("bench.citycard", "taps", database, env, PG))


def _world() -> tuple[list[Any], list[Any]]:
    from django.utils import timezone

    from massalia.citycard import numbers, services
    from massalia.citycard.models import (
        Account,
        Card,
        Device,
        Entry,
        Product,
        Tap,
        TapCount,
        TopUp,
        Transaction,
    )

    Tap.objects.all().delete()
    TapCount.objects.all().delete()
    TopUp.objects.all().delete()
    Entry.objects.all().delete()
    Transaction.objects.all().delete()
    Product.objects.all().delete()
    Account.objects.all().delete()
    Card.objects.all().delete()
    Device.objects.all().delete()
    devices = [
        Device.objects.create(code=f"bench-{i}", kind="validator", line="M1", fare_cents=170)
        for i in range(THREADS)
    ]
    cards = []
    now = timezone.now()
    for n in range(CARDS):
        card = services.issue_card(number=numbers.with_check_digit(f"7{n:014d}"))
        if n % 4 == 0:  # a pass: accepted without touching the purse
            services.add_product(card=card, kind="pass", label="Abonnement",
                                 valid_from=now - timedelta(days=1),
                                 valid_until=now + timedelta(days=30))  # fmt: skip
        else:
            services.add_product(card=card, kind="purse", label="Porte-monnaie")
            cents = 170 * (PER_THREAD // 4)  # enough for some, too little for the busiest
            topup = TopUp.objects.create(card=card, amount_cents=min(cents, 15000))
            services.credit_topup(topup_id=topup.pk, amount_cents=topup.amount_cents,
                                  reference=f"bench-{n}", at=now)  # fmt: skip
        cards.append(card)
    return devices, cards


def _race(work: Any, plans: list[list[Any]]) -> list[float]:
    """Each thread runs `work` on each item of its plan; the latency of every call."""
    from django.db import connection

    start = threading.Barrier(len(plans))
    spent: list[list[float]] = [[] for _ in plans]
    failures: list[str] = []

    def client(i: int) -> None:
        try:
            start.wait(timeout=60)
            for item in plans[i]:
                began = time.perf_counter()
                work(i, item)
                spent[i].append(time.perf_counter() - began)
        except Exception as exc:  # reported below: a benchmark must not hide a failure
            failures.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(plans))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"{len(failures)} thread(s) failed: {failures[0]}")
    return [s for per in spent for s in per]


def figures(spent: list[float], seconds: float) -> dict[str, Any]:
    ordered = sorted(spent)
    return {
        "calls": len(spent),
        "per_second": round(len(spent) / seconds),
        "p50_ms": round(percentile(ordered, 0.5) * 1000, 3),
        "p99_ms": round(percentile(ordered, 0.99) * 1000, 3),
    }


def taps(database: str) -> dict[str, Any]:
    if database == "postgresql":
        setup_django_url(PG)
    else:
        setup_django("citycard.sqlite3")
    from django.db import connection, transaction
    from django.utils import timezone

    from massalia.citycard import ledger, services
    from massalia.citycard.models import Account, Tap

    devices, cards = _world()
    pick = random.Random(11)
    base = timezone.now() - timedelta(hours=1)
    rounds: dict[str, list[float]] = {"tap": [], "insert": []}
    seconds = {"tap": 0.0, "insert": 0.0}
    decided: dict[str, int] = {}
    for round_ in range(2):
        plans = [
            [(pick.choice(cards), base + timedelta(seconds=round_ * 100_000 + i * 1000 + j,
                                                    microseconds=t))
             for j in range(PER_THREAD)]
            for i, t in zip(range(THREADS), range(THREADS), strict=True)
        ]  # fmt: skip

        def tap(i: int, item: Any) -> None:
            card, at = item
            found = services.tap(device=devices[i], card_hash=card.number_hash, at=at)
            decided[found.reason] = decided.get(found.reason, 0) + 1

        def insert(i: int, item: Any) -> None:
            card, at = item
            with transaction.atomic():
                Tap.objects.create(device=devices[i], card_hash=card.number_hash,
                                   at=at + APART, accepted=True, reason="pass")  # fmt: skip

        for name, work in (("tap", tap), ("insert", insert)):
            began = time.perf_counter()
            rounds[name] += _race(work, plans)
            seconds[name] += time.perf_counter() - began
    purses = Account.objects.filter(kind="purse")
    consistent = all(p.balance_cents == ledger.balance(p) >= 0 for p in purses)
    tap_f, insert_f = (
        figures(rounds["tap"], seconds["tap"]),
        figures(rounds["insert"], seconds["insert"]),
    )
    version = None
    if database == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
    return {
        "database": database,
        "postgresql": version,
        "threads": THREADS,
        "taps_per_thread": PER_THREAD * 2,
        "cards": CARDS,
        "tap": tap_f,
        "insert": insert_f,
        "p99_vs_insert": round(tap_f["p99_ms"] / insert_f["p99_ms"], 2),
        "p50_vs_insert": round(tap_f["p50_ms"] / insert_f["p50_ms"], 2),
        "decisions": dict(sorted(decided.items())),
        "purses_consistent": consistent,
    }


def markdown(r: dict[str, Any]) -> list[str]:
    lines = ["## City card: tap decisions under concurrent taps", ""]
    rows = [r.get(k, {}) for k in ("sqlite", "postgresql")]
    if not any("tap" in row for row in rows):
        return [*lines, f"Failed: {rows}", ""]
    first = next(row for row in rows if "tap" in row)
    lines += [
        f"{first['threads']} threads at once, each with its own connection, "
        f"{first['taps_per_thread']} taps each on {first['cards']} cards (a quarter with a pass, "
        "the others paying from their purse until it runs out), against the same threads "
        "inserting the same tap rows alone.",
        "",
        "| database | tap p50 / p99 ms | taps/s | insert p50 / p99 ms | inserts/s "
        "| p99 tap ÷ insert | purses = sum of entries, ≥ 0 |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        if "tap" not in row:
            lines.append(f"| ? | {row.get('skipped') or row.get('error', '')[:200]} |||||")
            continue
        name = row["database"] + (f" {row['postgresql']}" if row.get("postgresql") else "")
        t, b = row["tap"], row["insert"]
        lines.append(
            f"| {name} | {t['p50_ms']} / {t['p99_ms']} | {t['per_second']:,} "
            f"| {b['p50_ms']} / {b['p99_ms']} | {b['per_second']:,} "
            f"| ×{row['p99_vs_insert']} | {'yes' if row['purses_consistent'] else 'NO'} |"
        )
    decisions = ", ".join(f"{k} {v}" for k, v in first["decisions"].items())
    lines += ["", f"Decisions ({first['database']}): {decisions}.", "",
              f"Reproduce: `{r.get('command', PY + ' bench.citycard OUT.json')}`.", ""]  # fmt: skip
    return lines


if __name__ == "__main__":
    if sys.argv[1] == "--part":
        print(json.dumps(taps(sys.argv[3])))
    else:
        main(sys.argv[1])
        with open(sys.argv[1], encoding="utf-8") as handle:
            print("\n".join(markdown(json.load(handle))))
