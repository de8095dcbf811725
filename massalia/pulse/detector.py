"""Is today's count of messages unusual? A seasonal, robust, overdispersed spike test.

Pure functions over a daily count series (no database). For each judged day the baseline is
learnt from the days before it only (at most twelve weeks, at least four):

- weekly seasonality: each weekday gets a factor, the ratio of its counts to the window's mean,
  shrunk towards 1 by a prior worth SHRINK_MESSAGES messages so that quiet series, whose
  weekday ratios are mostly noise, keep a flat profile;
- recent level: the mean of the last RECENT_DAYS days once the weekday factors are divided
  out, so that a series that grows or shrinks is compared with what it is now;
- robustness: days that are themselves improbable under a first fit (a past spike, an outage)
  are left out and the fit is made again, so one spike does not hide the next one;
- overdispersion: counts follow a negative binomial of mean `expected` and variance
  `expected + dispersion × expected²`; the dispersion is estimated from the window (method of
  moments), never below DISPERSION_FLOOR, and is widened by the uncertainty of the estimated
  baseline itself (a mean learnt from 20 messages is not known exactly).

The tail probability P(X ≥ observed | baseline) is then compared with
settings.PULSE_SPIKE_PROBABILITY, and the day must also have at least
settings.PULSE_SPIKE_MIN_MESSAGES messages. Every judged day of a series is computed at once
(the windows are rows of one array), which keeps a year of a thousand series fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import special

WEEK = 7
WEEKS = 12
BASELINE_DAYS = WEEKS * WEEK  # same weekday over the previous twelve weeks
RECENT_DAYS = 4 * WEEK  # the recent level
MIN_HISTORY_DAYS = 4 * WEEK  # no judgement before four weeks of history
SHRINK_MESSAGES = 10.0
DISPERSION_FLOOR = 0.01
OUTLIER_PROBABILITY = 1e-3
ROBUST_PASSES = 2
FITTED_PARAMETERS = WEEK + 1  # weekday factors and level
DISPERSION_MARGIN = 1.5

Floats = NDArray[np.float64]


@dataclass(frozen=True)
class Judgement:
    """One judged day: what was seen, what the baseline expected, and how unlikely that is."""

    index: int  # position of the day in the series
    observed: int
    expected: float
    dispersion: float
    probability: float  # P(X ≥ observed | baseline)
    is_spike: bool


def tail_probability(observed: Floats, expected: Floats, dispersion: Floats) -> Floats:
    """P(X ≥ observed) for a negative binomial of this mean and dispersion (Poisson at 0)."""
    observed, expected, dispersion = np.broadcast_arrays(
        np.asarray(observed, dtype=float),
        np.asarray(expected, dtype=float),
        np.asarray(dispersion, dtype=float),
    )
    k = np.maximum(observed - 1.0, 0.0)  # P(X ≥ x) = P(X > x - 1)
    poisson = special.pdtrc(k, expected)
    size = 1.0 / np.maximum(dispersion, 1e-12)
    # P(X > k) for NB(size, p = size / (size + mean)) is I_{1-p}(k + 1, size).
    negative_binomial = special.betainc(k + 1.0, size, expected / (size + expected))
    result = np.where(dispersion > 0, negative_binomial, poisson)
    return np.where(observed <= 0, 1.0, result)


def judge_series(
    counts: Sequence[int] | NDArray[np.int64],
    *,
    probability: float,
    min_messages: int,
    start: int = 0,
) -> list[Judgement]:
    """Judge every day of `counts` from `start` on that has enough history before it."""
    series = np.asarray(counts, dtype=float)
    days = np.arange(max(start, MIN_HISTORY_DAYS), len(series))
    if len(days) == 0:
        return []
    expected, dispersion = baselines(series, days)
    observed = series[days]
    chance = tail_probability(observed, expected, dispersion)
    spike = (chance <= probability) & (observed >= min_messages)
    return [
        Judgement(int(d), int(o), float(e), float(a), float(p), bool(s))
        for d, o, e, a, p, s in zip(
            days, observed, expected, dispersion, chance, spike, strict=True
        )
    ]


def judge(
    history: Sequence[int], observed: int, *, probability: float, min_messages: int
) -> Judgement | None:
    """Judge one day after `history` (consecutive days, the day before last); None if too short."""
    found = judge_series(
        [*history, observed],
        probability=probability,
        min_messages=min_messages,
        start=len(history),
    )
    return found[0] if found else None


def baselines(series: Floats, days: NDArray[np.int64]) -> tuple[Floats, Floats]:
    """Expected count and dispersion for each day in `days`, learnt from the days before it."""
    windows = _windows(series, days)
    available = ~np.isnan(windows)
    values = np.nan_to_num(windows)
    # A first fit on values capped at their 95th percentile: a past spike cannot inflate the
    # dispersion enough to hide itself. Later fits use every day the previous fit finds likely.
    capped = np.minimum(values, _high_quantile(windows, available)[:, None])
    fit = _fit(capped, available)
    kept = available
    for _ in range(ROBUST_PASSES):
        factors, _, mean, dispersion = fit
        fitted = mean[:, None] * np.tile(factors, (1, WEEKS))
        likely = tail_probability(values, fitted, dispersion[:, None] + DISPERSION_FLOOR)
        kept = available & (likely > OUTLIER_PROBABILITY)
        fit = _fit(values, kept)
    factors, level, mean, dispersion = fit
    expected = level * factors[:, 0]
    recent_messages = (values * kept)[:, -RECENT_DAYS:].sum(axis=1)
    same_day_messages = (values * kept)[:, ::WEEK].sum(axis=1)
    # The baseline is itself estimated: its relative variance adds to the dispersion.
    uncertainty = 1.0 / (recent_messages + 1.0) + 1.0 / (same_day_messages + SHRINK_MESSAGES)
    return expected, np.maximum(dispersion, DISPERSION_FLOOR) + uncertainty


def _high_quantile(windows: Floats, available: NDArray[np.bool_]) -> Floats:
    """Each row's 95th percentile over its known days (NaN first once sorted as -inf)."""
    ordered = np.sort(np.where(available, windows, -np.inf), axis=1)
    missing = (~available).sum(axis=1)
    position = missing + np.floor(0.95 * (BASELINE_DAYS - missing - 1)).astype(int)
    return ordered[np.arange(len(ordered)), position]


def _windows(series: Floats, days: NDArray[np.int64]) -> Floats:
    """Row i: the BASELINE_DAYS days before days[i] (NaN before the series starts).

    Column j is BASELINE_DAYS - j days before the judged day, so columns 0, 7, 14… fall on
    the judged day's weekday and column j % 7 is its weekday phase.
    """
    padded = np.concatenate([np.full(BASELINE_DAYS, np.nan), series])
    offsets = np.arange(BASELINE_DAYS)
    return padded[days[:, None] + offsets[None, :]]


def _fit(values: Floats, kept: NDArray[np.bool_]) -> tuple[Floats, Floats, Floats, Floats]:
    """Weekday factors (rows × 7), recent level, window mean and dispersion for each row."""
    rows = len(values)
    used = values * kept
    mean = used.sum(axis=1) / np.maximum(kept.sum(axis=1), 1)
    by_phase = used.reshape(rows, -1, WEEK).sum(axis=1)
    days_by_phase = kept.reshape(rows, -1, WEEK).sum(axis=1)
    factors = (by_phase + SHRINK_MESSAGES) / (days_by_phase * mean[:, None] + SHRINK_MESSAGES)
    factors /= factors.mean(axis=1, keepdims=True)
    weekly = np.tile(factors, (1, BASELINE_DAYS // WEEK))
    recent = slice(-RECENT_DAYS, None)
    seen = kept[:, recent].sum(axis=1)
    deseasoned = (used[:, recent] / weekly[:, recent]).sum(axis=1)
    # Half a message over the recent days: a silent series still expects a little.
    level = (deseasoned + 0.5) / np.maximum(seen, 1)
    fitted = mean[:, None] * weekly
    excess = (((values - fitted) ** 2 - values) * kept).sum(axis=1)
    # Residuals around a fitted mean understate the spread: n / (n - parameters) corrects it.
    days = kept.sum(axis=1)
    correction = days / np.maximum(days - FITTED_PARAMETERS, 1)
    scale = np.maximum((fitted**2 * kept).sum(axis=1), 1e-9)
    dispersion = np.maximum(excess / scale * correction, 0.0)
    # A dispersion learnt from a few weeks is uncertain, and too small a one alarms: take it
    # DISPERSION_MARGIN standard errors high (relative error of a variance ≈ √(2 / dof)).
    dispersion *= 1.0 + DISPERSION_MARGIN * np.sqrt(2.0 / np.maximum(days - FITTED_PARAMETERS, 1))
    return factors, level, mean, dispersion
