"""The spike test on synthetic series: seeded, so each figure is the same at every run."""

from __future__ import annotations

import numpy as np
import pytest

from massalia.pulse import detector

PROBABILITY = 1e-4
MIN_MESSAGES = 8
# Busy weekdays, quiet weekends: a strong weekly rhythm that is not news.
WEEKLY = np.array([1.3, 1.2, 1.1, 1.1, 1.0, 0.7, 0.6])


def rates(level: float, days: int, rng: np.random.Generator, dispersion: float = 0.0):
    rate = level * WEEKLY[np.arange(days) % 7]
    if dispersion:
        rate = rate * rng.gamma(1 / dispersion, dispersion, size=days)
    return rate


def judge(counts, **options):
    return detector.judge_series(
        counts, probability=PROBABILITY, min_messages=MIN_MESSAGES, **options
    )


def test_it_does_not_alarm_on_a_weekly_rhythm():
    # Exactly the same week repeated: Monday's 26 is what Mondays look like.
    week = [26, 24, 22, 22, 20, 6, 4]
    judged = judge(week * 20)
    assert judged and not any(j.is_spike for j in judged)
    monday = next(j for j in judged if j.index == 133)  # the last Monday of 140 days
    assert monday.expected == pytest.approx(26, rel=0.15)
    # A mean-based rule without weekdays would expect ~18 on that Monday.
    assert abs(monday.expected - 26) < abs(np.mean(week) - 26)


def test_it_finds_a_spike_and_reports_how_unlikely_it_is():
    rng = np.random.default_rng(11)
    counts = rng.poisson(rates(6, 120, rng))
    counts[110] = 30
    day = judge(counts, start=110)[0]
    assert day.observed == 30
    assert day.is_spike
    assert day.probability < PROBABILITY
    assert 3 < day.expected < 12


def test_it_does_not_judge_without_four_weeks_of_history():
    assert judge([3] * 20 + [60]) == []
    assert detector.judge([3] * 20, 60, probability=PROBABILITY, min_messages=MIN_MESSAGES) is None
    judged = detector.judge([3] * 28, 60, probability=PROBABILITY, min_messages=MIN_MESSAGES)
    assert judged is not None and judged.is_spike


def test_it_needs_the_minimum_of_messages():
    # 6 messages where 0 or 1 were usual is improbable, but too few to bother an official.
    judged = detector.judge([0, 1] * 30, 6, probability=PROBABILITY, min_messages=MIN_MESSAGES)
    assert judged is not None
    assert judged.probability < PROBABILITY
    assert not judged.is_spike


def test_it_is_not_blinded_by_a_past_spike():
    rng = np.random.default_rng(5)
    counts = rng.poisson(rates(5, 100, rng))
    counts[90] = 60  # a spike ten days ago stays in the baseline window
    counts[99] = 30
    last = judge(counts, start=99)[0]
    assert last.expected < 8  # the past spike did not lift the baseline
    assert last.is_spike


def test_it_tolerates_noisy_series_that_a_poisson_test_would_flag():
    # Overdispersed counts: a Poisson tail would call many of these days spikes.
    rng = np.random.default_rng(3)
    counts = rng.poisson(rates(20, 365, rng, dispersion=0.25))
    judged = judge(counts)
    poisson = detector.tail_probability(
        np.array([j.observed for j in judged]),
        np.array([j.expected for j in judged]),
        np.zeros(len(judged)),
    )
    assert (poisson <= PROBABILITY).sum() >= 5
    assert sum(j.is_spike for j in judged) <= 1


def test_it_keeps_false_alarms_rare_on_quiet_series():
    """Null series (Poisson and negative binomial, 1 to 30 messages a day, a year each).

    At PROBABILITY = 1e-4 a well-calibrated test alarms on 1e-4 of the days: 0.0365 times a
    series-year. The baseline is estimated from a few weeks, so the bound allows ten times
    that (0.2 per series-year over 40 series-years: at most 8 alarms). The naive rule (mean +
    3 sd of the previous 28 days) raises about ten times more on these series (see the bench).
    """
    rng = np.random.default_rng(2024)
    alarms = judged_days = 0
    for level in (1, 3, 10, 30):
        for dispersion in (0.0, 0.2):
            for _ in range(5):
                judged = judge(rng.poisson(rates(level, 365, rng, dispersion)))
                alarms += sum(j.is_spike for j in judged)
                judged_days += len(judged)
    assert judged_days == 40 * (365 - detector.MIN_HISTORY_DAYS)
    assert alarms / judged_days * 365 <= 0.2


def test_it_finds_injected_fourfold_spikes():
    rng = np.random.default_rng(99)
    found = 0
    for _ in range(20):
        rate = rates(5, 200, rng, dispersion=0.1)
        day = int(rng.integers(100, 200))
        rate[day] *= 4
        counts = rng.poisson(rate)[: day + 1]
        found += judge(counts, start=day)[0].is_spike
    assert found >= 14  # measured power at ×4, 5 a day, dispersion 0.1: about 0.9


def test_its_tail_probability_matches_the_distributions():
    from scipy import stats

    assert detector.tail_probability(np.array(7.0), np.array(3.0), np.array(0.0)) == (
        pytest.approx(stats.poisson.sf(6, 3.0))
    )
    size, mean = 1 / 0.3, 4.0
    expected = stats.nbinom.sf(9, size, size / (size + mean))
    assert detector.tail_probability(np.array(10.0), np.array(mean), np.array(0.3)) == (
        pytest.approx(expected)
    )
    assert detector.tail_probability(np.array(0.0), np.array(4.0), np.array(0.3)) == 1.0
