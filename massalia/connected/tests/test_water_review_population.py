"""On a generated population — households with leaks, night flows, resets, lost readings,
gaps and readings arriving late — the incremental review finds, at every round, the same
suspicions and days as a review of the whole window."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from massalia.connected import watch
from massalia.connected.tests.twins import Twins

pytestmark = pytest.mark.django_db

METERS = 12
DAYS = 16
PROFILE = [0, 0, 0, 0, 0, 0, 0.6, 1.0, 0.5, 0.2, 0.1, 0.3, 0.5, 0.2, 0.1, 0.1, 0.1,
           0.2, 0.5, 0.6, 0.7, 0.4, 0.1, 0]  # fmt: skip


def household(pick: random.Random, start, hours: int) -> list[tuple[object, float]]:
    """Index readings every hour, with a leak, a night flow or backflows in some, a reset
    now and then; a reading lost here and there."""
    level = pick.uniform(0.5, 2.0)
    anomaly = pick.choice(["leak", "night", "backflow", None, None])
    begin = pick.randrange(24 * 8, hours - 10)
    rows, index = [], pick.uniform(10_000, 90_000)
    for h in range(hours + 1):
        when = start + timedelta(hours=h)
        local = timezone.localtime(when)
        base = PROFILE[local.hour] * 40 * level
        flow = max(0.0, pick.gauss(base, base * 0.5)) if base else 0.0
        if anomaly == "leak" and h >= begin:
            flow += 6
        if anomaly == "night" and h >= begin and 1 <= local.hour < 5:
            flow += 12
        index += flow
        if anomaly == "backflow" and h >= begin and pick.random() < 0.05:
            index -= 5
        if pick.random() < 0.003:
            index = flow  # the meter replaced
        if pick.random() < 0.03:
            continue  # lost
        rows.append((when, float(int(index))))
    return rows


def test_it_finds_what_the_whole_window_finds_round_after_round(water, settings):
    settings.CONNECTED_WATER_LOCAL_LITRES_PER_DAY = 120
    pick = random.Random(18)
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    start = midnight - timedelta(days=DAYS)
    hours = DAYS * 24 - 2
    meters = [(Twins(f"{n:02d}"), household(pick, start, hours)) for n in range(METERS)]
    first = start + timedelta(days=11)
    held: list[list] = [[] for _ in meters]
    for twins, rows in meters:
        twins.send([r for r in rows if r[0] <= first])
        twins.review(first + timedelta(minutes=5))
    rounds = [first + timedelta(hours=7 * k) for k in range(1, 14)]
    kinds: set[str] = set()
    for before, now in zip([first, *rounds], rounds, strict=False):
        for (twins, rows), late in zip(meters, held, strict=True):
            new = [r for r in rows if before < r[0] <= now]
            keep = [r for r in new if pick.random() < 0.1]  # held by the gateway, sent later
            twins.send([r for r in new if r not in keep] + late)
            late[:] = keep
            twins.review(now + timedelta(minutes=5))
            kinds |= {s[0] for s in twins.assert_same()}
    assert {"leak", "night_flow", "backflow", "abnormal_consumption"} <= kinds
    read = [start for twins, _ in meters for start, _ in twins.windows]
    whole = rounds[-1] - watch.WINDOW
    assert read and all(s > whole for s in read)  # the incremental reviews read less
