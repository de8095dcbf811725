"""Spike alerts from the daily counts (the digest of alerts: test_alerts_digest.py)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from massalia.pulse import alerts
from massalia.pulse.models import Alert, Channel, DailySignal
from massalia.pulse.taxonomy import ensure_topics

DAY = dt.date(2025, 3, 14)
WEEKLY = (6, 6, 5, 5, 5, 2, 2)


@pytest.fixture
def topics(city):
    return {topic.slug: topic for topic in ensure_topics()}


def count(day, topic, arrondissement, messages, channel=Channel.RSS):
    DailySignal.objects.create(
        day=day,
        topic=topic,
        arrondissement=arrondissement,
        quartier=None,
        channel=channel,
        messages=messages,
    )


def usual(topic, arrondissement, *, days=70, until=DAY, seed=1):
    """`days` ordinary days before `until`: a weekly rhythm with Poisson noise."""
    rng = np.random.default_rng(seed)
    for back in range(1, days + 1):
        day = until - dt.timedelta(days=back)
        messages = int(rng.poisson(WEEKLY[day.weekday()]))
        if messages:
            # Split over two channels: the series add them up.
            count(day, topic, arrondissement, messages // 2, Channel.RSS)
            count(day, topic, arrondissement, messages - messages // 2, Channel.MASTODON)


def test_it_raises_one_alert_for_a_spike_in_an_arrondissement(city, topics):
    first, second = city.arrondissements["13201"], city.arrondissements["13202"]
    cleanliness, roads = topics["proprete"], topics["voirie"]
    usual(cleanliness, first, seed=1)
    usual(cleanliness, second, seed=2)
    usual(roads, first, seed=3)
    count(DAY, cleanliness, first, 30)
    count(DAY, cleanliness, second, 5)
    count(DAY, roads, first, 6)

    created = alerts.detect(DAY)

    places = {(a.topic_id, a.arrondissement_id) for a in created}
    assert (cleanliness.pk, first.pk) in places
    assert not {key for key in places if key[0] == roads.pk or key[1] == second.pk}
    alert = next(a for a in created if a.arrondissement_id == first.pk)
    assert alert.kind == Alert.Kind.SPIKE and alert.day == DAY
    assert alert.observed == 30
    assert 2 < alert.expected < 10
    assert alert.score <= 1e-4
    assert alert.title.startswith(f"Propreté · {first.name} : 30 messages (≈ ")
    assert alert.title.endswith(" attendus)")
    # The hourly run again: nothing new, and still one alert per place.
    assert alerts.detect(DAY) == []
    assert Alert.objects.filter(arrondissement=first).count() == 1


def test_it_tells_a_local_spike_once_and_not_again_for_the_whole_city(city, topics):
    first, second = city.arrondissements["13201"], city.arrondissements["13202"]
    cleanliness = topics["proprete"]
    usual(cleanliness, first, seed=1)
    usual(cleanliness, second, seed=2)
    count(DAY, cleanliness, first, 30)
    assert [a.arrondissement_id for a in alerts.detect(DAY)] == [first.pk]


def test_it_tells_a_rise_spread_over_the_city_as_city_wide(city, topics):
    first, second = city.arrondissements["13201"], city.arrondissements["13202"]
    cleanliness = topics["proprete"]
    usual(cleanliness, first, seed=1)
    usual(cleanliness, second, seed=2)
    count(DAY, cleanliness, first, 14)
    count(DAY, cleanliness, second, 14)
    # Neither arrondissement alone is unusual; together they are.
    assert [a.arrondissement_id for a in alerts.detect(DAY)] == [alerts.CITY]


def test_it_updates_the_figures_of_an_alert_already_raised(city, topics):
    first = city.arrondissements["13201"]
    usual(topics["proprete"], first)
    count(DAY, topics["proprete"], first, 20)
    (alert,) = [a for a in alerts.detect(DAY) if a.arrondissement_id == first.pk]
    count(DAY, topics["proprete"], first, 15, Channel.EMAIL)  # later messages of the day
    assert [a for a in alerts.detect(DAY) if a.arrondissement_id == first.pk] == []
    alert.refresh_from_db()
    assert alert.observed == 35 and " 35 messages " in alert.title


def test_it_catches_up_a_day_that_was_missed(city, topics):
    first = city.arrondissements["13201"]
    yesterday = DAY - dt.timedelta(days=1)
    usual(topics["proprete"], first, until=yesterday)
    count(yesterday, topics["proprete"], first, 30)
    created = alerts.detect(DAY)
    assert {(a.day, a.arrondissement_id) for a in created} >= {(yesterday, first.pk)}


def test_it_does_not_judge_before_four_weeks_of_counts(city, topics):
    first = city.arrondissements["13201"]
    usual(topics["proprete"], first, days=20)
    count(DAY, topics["proprete"], first, 40)
    assert alerts.detect(DAY) == []


def test_it_reads_the_counts_in_the_same_queries_however_many_series(city, topics):
    usual(topics["proprete"], city.arrondissements["13201"], days=40)
    with CaptureQueriesContext(connection) as one_series:
        alerts.detect(DAY)
    for slug in ("voirie", "eclairage", "eau", "stationnement"):
        for place in city.arrondissements.values():
            usual(topics[slug], place, days=40)
    with CaptureQueriesContext(connection) as many_series:
        alerts.detect(DAY)
    signals = [q for q in many_series.captured_queries if "pulse_dailysignal" in q["sql"]]
    assert len(signals) == 2  # the first day known, then the window's counts
    assert len(many_series.captured_queries) == len(one_series.captured_queries)
