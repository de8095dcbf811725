"""Alerts as episodes: a rise over several days is one alert that grows, then ends."""

from __future__ import annotations

import datetime as dt

import pytest

from massalia.pulse import alerts
from massalia.pulse.models import Alert, DailySignal
from massalia.pulse.taxonomy import ensure_topics
from massalia.pulse.tests.test_alerts import DAY, count, usual


@pytest.fixture
def topics(city):
    return {topic.slug: topic for topic in ensure_topics()}


def day(n):
    return DAY + dt.timedelta(days=n)


def run(days, messages, topic, place):
    """The daily job over `days` (offsets from DAY), with `messages[n]` on day n."""
    for n in days:
        if messages.get(n):
            count(day(n), topic, place, messages[n])
        alerts.detect(day(n))


def spikes(place):
    return list(Alert.objects.filter(kind=Alert.Kind.SPIKE, arrondissement=place).order_by("day"))


def test_it_tells_a_five_day_rise_as_one_alert_that_grows(city, topics):
    place, water = city.arrondissements["13201"], topics["eau"]
    usual(water, place)
    rise = {0: 20, 1: 28, 2: 35, 3: 26, 4: 22}
    run(range(5), rise, water, place)

    (alert,) = spikes(place)
    assert (alert.first_day, alert.last_day) == (day(0), day(4))
    assert alert.day == day(2) and alert.observed == 35  # the peak
    assert alert.state == Alert.State.RISING
    assert alert.total == sum(rise.values())
    assert " 35 messages " in alert.title


def test_it_ends_an_episode_after_the_quiet_days(city, topics, settings):
    settings.PULSE_ALERT_QUIET_DAYS = 2
    place, water = city.arrondissements["13201"], topics["eau"]
    usual(water, place)
    run(range(3), {0: 25, 1: 30, 2: 4}, water, place)
    assert spikes(place)[0].state == Alert.State.RISING  # one quiet day only
    run([3], {3: 5}, water, place)
    (alert,) = spikes(place)
    assert alert.state == Alert.State.OVER and alert.last_day == day(1)


def test_it_tells_a_rise_a_pause_and_a_new_rise_as_two_alerts(city, topics, settings):
    settings.PULSE_ALERT_QUIET_DAYS = 2
    place, water = city.arrondissements["13201"], topics["eau"]
    usual(water, place)
    run(range(7), {0: 25, 1: 30, 2: 5, 3: 4, 4: 6, 5: 28, 6: 33}, water, place)

    first, second = spikes(place)
    assert (first.first_day, first.last_day, first.state) == (day(0), day(1), Alert.State.OVER)
    assert (second.first_day, second.last_day) == (day(5), day(6))
    assert second.state == Alert.State.RISING
    assert first.total == 55 and second.total == 61


def test_it_keeps_one_alert_over_a_pause_shorter_than_the_quiet_days(city, topics, settings):
    settings.PULSE_ALERT_QUIET_DAYS = 2
    place, water = city.arrondissements["13201"], topics["eau"]
    usual(water, place)
    run(range(4), {0: 25, 1: 5, 2: 30, 3: 27}, water, place)

    (alert,) = spikes(place)
    assert (alert.first_day, alert.last_day) == (day(0), day(3))
    # The quiet day inside the episode counts too: its messages are the episode's.
    assert alert.total == 25 + 5 + 30 + 27


def test_it_counts_the_episode_from_the_daily_counts(city, topics):
    place, water = city.arrondissements["13201"], topics["eau"]
    usual(water, place)
    run(range(2), {0: 25, 1: 30}, water, place)
    (alert,) = spikes(place)
    counted = DailySignal.objects.filter(
        topic=water, arrondissement=place, day__gte=alert.first_day, day__lte=alert.last_day
    )
    assert alert.total == sum(counted.values_list("messages", flat=True))


def test_it_folds_a_city_wide_echo_into_the_arrondissement_episode(city, topics, settings):
    settings.PULSE_SPIKE_MIN_MESSAGES = 15
    first, second = city.arrondissements["13201"], city.arrondissements["13202"]
    water = topics["eau"]
    usual(water, first)
    count(day(0), water, second, 3)
    # Day 0: too few for the 1st alone, unusual for the city, mostly the 1st's messages.
    run([0], {0: 14}, water, first)
    assert [a.arrondissement_id for a in Alert.objects.all()] == [None]
    run([1], {1: 30}, water, first)

    (alert,) = Alert.objects.filter(kind=Alert.Kind.SPIKE)
    assert alert.arrondissement_id == first.pk
    assert (alert.first_day, alert.last_day, alert.day) == (day(0), day(1), day(1))
    assert alert.total == 14 + 30


def test_it_keeps_an_echo_folded_once_the_local_rise_is_out_of_sight(city, topics, settings):
    settings.PULSE_SPIKE_MIN_MESSAGES = 15
    first, second = city.arrondissements["13201"], city.arrondissements["13202"]
    water = topics["eau"]
    usual(water, first)
    count(day(1), water, second, 3)
    # Day 0 the 1st rises; day 1 the city echoes it as the rise ends; then quiet days.
    run(range(6), {0: 30, 1: 14}, water, first)

    (alert,) = Alert.objects.filter(kind=Alert.Kind.SPIKE)
    assert alert.arrondissement_id == first.pk
    assert (alert.first_day, alert.last_day) == (day(0), day(1))
