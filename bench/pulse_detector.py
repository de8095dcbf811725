"""Spike detector: false alarms on quiet series and power on injected spikes, against a naive rule.

Simulated daily message counts (seeded): a year per series, a weekly pattern (quieter
weekends), a slow drift over the year, levels from 0.5 to 50 messages a day, Poisson and
overdispersed negative binomial noise. The naive rule is what one writes first: an alarm when
the day exceeds the mean + 3 standard deviations of the previous 28 days (no weekdays, no
robustness). Both apply the same minimum of messages (settings.PULSE_SPIKE_MIN_MESSAGES).

Run as `python -m bench.pulse_detector OUT.json`.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray

LEVELS = (0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0)
FAMILIES = {"poisson": 0.0, "negative_binomial": 0.25}  # dispersion of the day-to-day noise
WEEKLY = np.array([1.15, 1.1, 1.05, 1.05, 1.0, 0.9, 0.75])
WEEK_LEN = len(WEEKLY)
DRIFT = 0.2  # ± 20 % over the year
DAYS = 365
NULL_SERIES = 150  # per level × family
SPIKE_SERIES = 60  # per level × family × size × duration
SIZES = (2.0, 3.0, 5.0)
DURATIONS = (1, 2, 3)
THRESHOLDS = (1e-3, 1e-4, 1e-5)
NAIVE_WINDOW = 28
SEED = 4


def main(out: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "massalia.settings")
    from django.conf import settings

    probability = settings.PULSE_SPIKE_PROBABILITY
    minimum = settings.PULSE_SPIKE_MIN_MESSAGES
    rng = np.random.default_rng(SEED)
    started = time.perf_counter()
    null = _null(rng, probability, minimum)
    null_s = time.perf_counter() - started
    power = _power(rng, probability, minimum, null["naive_sds_matching_our_false_alarms"])
    result: dict[str, Any] = {
        "probability": probability,
        "min_messages": minimum,
        "days_per_series": DAYS,
        "null_series": NULL_SERIES * len(LEVELS) * len(FAMILIES),
        "spike_series": SPIKE_SERIES * len(LEVELS) * len(FAMILIES) * len(SIZES) * len(DURATIONS),
        "weekly_pattern": WEEKLY.tolist(),
        "families_dispersion": FAMILIES,
        "false_alarms": null,
        "power": power,
        "null_seconds": round(null_s, 1),
        "judged_days_per_second": round(null["judged_days"] / null_s),
        "seconds": round(time.perf_counter() - started, 1),
    }
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=2)


def simulate(rng: np.random.Generator, level: float, dispersion: float) -> NDArray[np.float64]:
    """Daily expected rates of one series (before noise): level × weekday × drift."""
    phase = rng.uniform(0, 2 * np.pi)
    days = np.arange(DAYS)
    weekday = WEEKLY[(days + rng.integers(WEEK_LEN)) % WEEK_LEN]
    rate = level * weekday * (1 + DRIFT * np.sin(2 * np.pi * days / DAYS + phase))
    if dispersion > 0:
        rate = rate * rng.gamma(1 / dispersion, dispersion, size=DAYS)
    return np.asarray(rate, dtype=float)


def naive(
    counts: NDArray[np.float64], days: NDArray[np.int64], minimum: int, sds: float = 3.0
) -> NDArray[np.bool_]:
    """Mean + `sds` standard deviations of the previous 28 days."""
    return (naive_scores(counts, days) > sds) & (counts[days] >= minimum)


def naive_scores(counts: NDArray[np.float64], days: NDArray[np.int64]) -> NDArray[np.float64]:
    """How many standard deviations of the previous 28 days each day is above their mean."""
    windows = sliding_window_view(counts[:-1], NAIVE_WINDOW)[days - NAIVE_WINDOW]
    excess = counts[days] - windows.mean(axis=1)
    spread = windows.std(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(spread > 0, excess / spread, np.where(excess > 0, np.inf, 0.0))


def _null(rng: np.random.Generator, probability: float, minimum: int) -> dict[str, Any]:
    from massalia.pulse.detector import MIN_HISTORY_DAYS, judge_series

    rows: list[dict[str, Any]] = []
    totals = {"judged": 0, "ours": 0, "naive": 0, "ours_no_min": 0, "naive_no_min": 0}
    by_threshold = {str(t): 0 for t in THRESHOLDS}
    scores: list[NDArray[np.float64]] = []
    for family, dispersion in FAMILIES.items():
        for level in LEVELS:
            cell = {"judged": 0, "ours": 0, "naive": 0, "ours_no_min": 0, "naive_no_min": 0}
            for _ in range(NULL_SERIES):
                counts = rng.poisson(simulate(rng, level, dispersion)).astype(float)
                judged = judge_series(counts, probability=probability, min_messages=minimum)
                days = np.array([j.index for j in judged])
                chances = np.array([j.probability for j in judged])
                observed = counts[days]
                cell["judged"] += len(judged)
                cell["ours"] += sum(j.is_spike for j in judged)
                cell["ours_no_min"] += int((chances <= probability).sum())
                cell["naive"] += int(naive(counts, days, minimum).sum())
                cell["naive_no_min"] += int(naive(counts, days, 0).sum())
                scores.append(naive_scores(counts, days)[observed >= minimum])
                for t in THRESHOLDS:
                    by_threshold[str(t)] += int(((chances <= t) & (observed >= minimum)).sum())
            assert days[0] == MIN_HISTORY_DAYS
            for key in totals:
                totals[key] += cell[key]
            rows.append({"family": family, "level": level, **_rates(cell)})
    # The naive rule's number of standard deviations that gives as few false alarms as ours.
    ranked = np.sort(np.concatenate(scores))[::-1]
    matched = float(ranked[min(totals["ours"], len(ranked) - 1)])
    return {
        "naive_sds_matching_our_false_alarms": round(matched, 2),
        "judged_days": totals["judged"],
        "overall": _rates(totals),
        "by_series": rows,
        "ours_per_series_year_by_threshold": {
            t: round(n / totals["judged"] * DAYS, 4) for t, n in by_threshold.items()
        },
    }


def _rates(cell: dict[str, int]) -> dict[str, Any]:
    judged = cell["judged"]
    out: dict[str, Any] = {}
    for name in ("ours", "naive", "ours_no_min", "naive_no_min"):
        out[name] = {
            "alarms": cell[name],
            "per_series_day": round(cell[name] / judged, 6),
            "per_series_year": round(cell[name] / judged * DAYS, 4),
        }
    ours = max(cell["ours"], 1)
    out["naive_over_ours"] = round(cell["naive"] / ours, 1) if cell["ours"] else None
    return out


def _power(
    rng: np.random.Generator, probability: float, minimum: int, matched_sds: float
) -> dict[str, Any]:
    from massalia.pulse.detector import judge_series

    by_size: dict[str, Any] = {}
    by_level: dict[str, Any] = {}
    for size in SIZES:
        for duration in DURATIONS:
            key = f"x{size:g}_{duration}d"
            found = {"ours": 0, "naive": 0, "naive_matched": 0}
            delays: dict[str, list[int]] = {"ours": [], "naive": [], "naive_matched": []}
            trials = 0
            for family, dispersion in FAMILIES.items():
                for level in LEVELS:
                    level_key = f"{family}_{level:g}"
                    seen = by_level.setdefault(level_key, {}).setdefault(key, [0, 0, 0])
                    for _ in range(SPIKE_SERIES):
                        start = int(rng.integers(120, DAYS - duration))
                        rate = simulate(rng, level, dispersion)
                        rate[start : start + duration] *= size
                        counts = rng.poisson(rate).astype(float)[: start + duration]
                        judged = judge_series(
                            counts, probability=probability, min_messages=minimum, start=start
                        )
                        ours = [j.index - start for j in judged if j.is_spike]
                        days = np.arange(start, start + duration)
                        flagged = np.nonzero(naive(counts, days, minimum))[0].tolist()
                        strict = naive(counts, days, minimum, matched_sds)
                        matched = np.nonzero(strict)[0].tolist()
                        trials += 1
                        runs = (("ours", ours), ("naive", flagged), ("naive_matched", matched))
                        for name, hits in runs:
                            if hits:
                                found[name] += 1
                                delays[name].append(min(hits))
                        seen[0] += bool(ours)
                        seen[1] += bool(flagged)
                        seen[2] += 1
            by_size[key] = {
                "trials": trials,
                "power_ours": round(found["ours"] / trials, 3),
                "power_naive": round(found["naive"] / trials, 3),
                "power_naive_at_our_false_alarm_rate": round(found["naive_matched"] / trials, 3),
                "mean_delay_days_ours": _mean(delays["ours"]),
                "mean_delay_days_naive": _mean(delays["naive"]),
            }
    levels = {
        level_key: {
            size: {"ours": round(o / n, 2), "naive": round(v / n, 2)}
            for size, (o, v, n) in cells.items()
        }
        for level_key, cells in by_level.items()
    }
    return {"by_size": by_size, "by_series": levels}


def _mean(values: list[int]) -> float | None:
    return round(float(np.mean(values)), 2) if values else None


if __name__ == "__main__":
    main(sys.argv[1])
