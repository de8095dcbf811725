"""Pulse dashboard with 1,000,000 messages: daily signals against counting the messages.

Run as `python -m bench.pulse_dashboard OUT.json` (BENCH_MESSAGES changes the count). A
throwaway SQLite database gets the approximate territory, the topics and MESSAGES enriched
messages over a year (bulk SQL inserts; topics, quartiers, channels and sentiment drawn with
realistic weights; kept between runs). `aggregates.rebuild(..., force=True)` builds DailySignal
(timed), then for three views of twelve months — the whole city, one arrondissement, one topic
— the bench times the dashboard's data (the selectors and charts), the dashboard page through
Django's test client, and a baseline computing the same figures with GROUP BY queries over the
Message table. Medians of REPEAT runs.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from bench.common import setup_django

MESSAGES = int(os.environ.get("BENCH_MESSAGES", "1000000"))
DB = "pulse_dashboard.sqlite3"
REPEAT = 5
CHUNK = 20_000
COLUMNS = (
    "source_id, channel, external_id, url, author, text, published_at, received_at, "
    "latitude, longitude, enriched_at, language, topic_id, topic_score, topic_reasons, "
    "topic_model_id, topic_corrected, sentiment, sentiment_score, sentiment_reasons, "
    "quartier_id, arrondissement_id, place_found_by, duplicate_of_id, fingerprint"
)
CHANNELS = {"platform": 0.1, "rss": 0.2, "mastodon": 0.3, "import": 0.3, "email": 0.1}


def main(out: str) -> None:
    setup_django(DB)
    today = date.today()
    result: dict[str, Any] = {"messages": MESSAGES, "repeat": REPEAT}
    result["insert_seconds"] = _prepare(today)
    from massalia.pulse import aggregates

    started = time.perf_counter()
    result["signal_rows"] = aggregates.rebuild(_year(today), force=True)
    result["rebuild_seconds"] = round(time.perf_counter() - started, 1)
    result["views"] = {name: _time_view(filters) for name, filters in _views(today).items()}
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


def _year(today: date) -> list[date]:
    return [today - timedelta(days=n) for n in range(366)]


def _views(today: date) -> dict[str, Any]:
    from massalia.pulse.models import Topic
    from massalia.pulse.selectors import Filters
    from massalia.territory.models import Arrondissement

    start = today - timedelta(days=364)
    fifth = Arrondissement.objects.get(number=5).pk
    water = Topic.objects.get(slug="eau").pk
    return {
        "city_12_months": Filters(start=start, end=today),
        "arrondissement_12_months": Filters(start=start, end=today, arrondissement_id=fifth),
        "topic_12_months": Filters(start=start, end=today, topic_id=water),
    }


def _time_view(filters: Any) -> dict[str, Any]:
    from django.test import Client

    from massalia.accounts.models import User
    from massalia.pulse.views import dashboard_data

    official, _ = User.objects.get_or_create(username="bench.elu", defaults={"is_official": True})
    client = Client()
    client.force_login(official)
    query = {"periode": "dates", "du": filters.start.isoformat(), "au": filters.end.isoformat()}
    if filters.arrondissement_id:
        query["lieu"] = f"a-{filters.arrondissement_id}"
    if filters.topic_id:
        from massalia.pulse.models import Topic

        query["theme"] = Topic.objects.get(pk=filters.topic_id).slug

    def page() -> None:
        response = client.get("/barometre/", query)
        assert response.status_code == 200, response.status_code

    figures = {
        "dashboard_data": _median(lambda: dashboard_data(filters)),
        "dashboard_page": _median(page),
        "baseline_group_by_messages": _median(lambda: _baseline(filters)),
    }
    base = figures["baseline_group_by_messages"]["ms"]
    for name in ("dashboard_data", "dashboard_page"):
        ms = figures[name]["ms"]
        figures[name]["speedup_vs_baseline"] = round(base / ms, 1) if ms else None
    return figures


def _median(run: Callable[[], object]) -> dict[str, float]:
    run()  # warm caches
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return {"ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1)}


def _baseline(filters: Any) -> list[Any]:
    """The dashboard's aggregate figures, counted from the messages themselves."""
    from django.db.models import Count, Q, Sum
    from django.db.models.functions import TruncDate

    from massalia.pulse.models import Message

    def grouped(rows: Any, *keys: str) -> list[dict[str, Any]]:
        return list(
            rows.order_by()
            .values(*keys)
            .annotate(
                n=Count("id"),
                neg=Count("id", filter=Q(sentiment="negative")),
                pos=Count("id", filter=Q(sentiment="positive")),
                score=Sum("sentiment_score"),
            )
        )

    rows = Message.objects.filter(filters.message_q(), enriched_at__isnull=False)
    before = Message.objects.filter(filters.previous().message_q(), enriched_at__isnull=False)
    return [
        rows.aggregate(n=Count("id"), score=Sum("sentiment_score")),
        before.aggregate(n=Count("id")),
        grouped(rows.annotate(day=TruncDate("published_at")), "day"),
        grouped(rows, "arrondissement_id"),
        grouped(rows, "quartier_id"),
        grouped(rows, "topic_id"),
        grouped(before, "topic_id"),
        grouped(rows, "topic_id", "arrondissement_id"),
    ]


# Generating the messages -----------------------------------------------------------------


def _prepare(today: date) -> float:
    """Territory, topics and MESSAGES enriched messages (kept when a previous run left them)."""
    from massalia.pulse.models import Message
    from massalia.pulse.taxonomy import ensure_topics
    from massalia.territory import approximate

    approximate.build()
    ensure_topics()
    if Message.objects.count() == MESSAGES:
        return 0.0
    Message.objects.all().delete()
    started = time.perf_counter()
    _insert(today)
    return round(time.perf_counter() - started, 1)


def _insert(today: date) -> None:
    from django.db import connection, transaction

    from massalia.pulse.models import Source, Topic
    from massalia.territory.models import Quartier

    sources = {
        channel: Source.objects.get_or_create(name=f"Banc d'essai {channel}",
                                              defaults={"channel": channel})[0].pk
        for channel in CHANNELS
    }  # fmt: skip
    topics = list(Topic.objects.order_by("id").values_list("pk", flat=True))
    quartiers = list(Quartier.objects.values_list("pk", "arrondissement_id"))
    pick = random.Random(11)
    topic_weights = [1 / (1 + i * 0.35) for i in range(len(topics))]
    quartier_weights = [pick.uniform(0.3, 3.0) for _ in quartiers]
    days = list(range(365))
    day_weights = [_day_weight(today - timedelta(days=n)) for n in days]
    sql = f"INSERT INTO pulse_message ({COLUMNS}) VALUES ({', '.join(['%s'] * 25)})"
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, MESSAGES, CHUNK):
            rows = []
            count = min(CHUNK, MESSAGES - start)
            when = pick.choices(days, weights=day_weights, k=count)
            topic = pick.choices(topics, weights=topic_weights, k=count)
            place = pick.choices(quartiers, weights=quartier_weights, k=count)
            channel = pick.choices(list(CHANNELS), weights=list(CHANNELS.values()), k=count)
            for i in range(count):
                rows.append(_row(start + i, today, when[i], topic[i], place[i], channel[i],
                                 sources, pick))  # fmt: skip
            cursor.executemany(sql, rows)


def _day_weight(day: date) -> float:
    weekend = 0.7 if day.weekday() >= 5 else 1.0
    summer = 1.4 if 6 <= day.month <= 8 else 1.0
    return weekend * summer


def _row(n: int, today: date, ago: int, topic: int, place: tuple[int, int], channel: str,
         sources: dict[str, int], pick: random.Random) -> tuple[Any, ...]:  # fmt: skip
    day = today - timedelta(days=ago)
    moment = datetime(day.year, day.month, day.day, pick.randrange(24), pick.randrange(60))
    stamp = moment.isoformat(sep=" ")
    roll = pick.random()
    sentiment, score = (
        ("negative", -0.6) if roll < 0.55 else ("neutral", 0.0) if roll < 0.8 else ("positive", 0.5)
    )
    located = pick.random() < 0.85
    return (
        sources[channel], channel, f"bench:{n}", "", f"a{pick.randrange(60_000)}",
        f"Message d'essai numéro {n} sur le quartier.", stamp, stamp, None, None, stamp, "fr",
        topic, 0.8, "[]", None, False, sentiment, score, "[]",
        place[0] if located else None, place[1] if located else None, "", None, None,
    )  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1])
