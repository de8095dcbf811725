"""A review reads only what can change its verdict — the readings since the last review and
the context the rules need — and finds the same suspicions and days as a review of the whole
window would (twin meters, one reviewed each way, on hand-made series)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from massalia.connected.tests.twins import Twins, hourly

pytestmark = pytest.mark.django_db

DAY = [0, 0, 0, 0, 0, 0, 12, 35, 8, 0, 0, 5, 10, 0, 0, 0, 0, 3, 20, 15, 30, 6, 0, 0]
H = timedelta(hours=1)


class Feed:
    """A meter's hourly readings from local midnight `days` ago, sent in steps."""

    def __init__(self, twins: Twins, days: int) -> None:
        midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        self.twins, self.when, self.index = twins, midnight - timedelta(days=days), 40_000.0
        self.rows = [(self.when, self.index)]

    def run(self, flows: list[float], *, send: bool = True) -> list:
        rows = hourly(self.when, flows, self.index)[1:]
        self.when, self.index = rows[-1]
        self.rows += rows
        if send:
            self.twins.send(rows)
        return rows

    def review(self) -> None:
        self.twins.review(self.when + timedelta(minutes=5))


@pytest.fixture
def twins(water):
    return Twins("1")


def test_it_finds_a_leak_that_began_before_the_previous_review(twins):
    feed = Feed(twins, 15)
    feed.run(DAY * 10)
    feed.review()
    feed.run(DAY[:14])
    began = feed.when
    feed.run([8] * 6)  # six hours of leak: not yet a suspicion
    feed.review()
    assert twins.assert_same() == []
    feed.run([8] * 30)
    feed.review()
    (leak,) = twins.assert_same()
    assert leak[:3] == ("leak", "", began) and leak[4]  # ongoing, from before the last review
    assert twins.read_less()


def test_it_follows_a_night_flow_spanning_two_reviews(twins):
    feed = Feed(twins, 15)
    night = DAY[:]
    night[1:5] = [15, 15, 15, 15]
    feed.run(DAY * 10 + night[:3])  # the review comes at 03:00, inside the night
    feed.review()
    assert twins.assert_same() == []
    feed.run(night[3:])
    feed.review()
    (flow,) = twins.assert_same()
    assert flow[0] == "night_flow" and flow[7]  # open
    feed.run(night + DAY)  # a second night, then a quiet one: the same episode, over
    feed.review()
    (flow,) = twins.assert_same()
    assert flow[0] == "night_flow" and not flow[7]
    assert twins.read_less()


def test_a_late_reading_for_an_hour_before_the_last_review_counts(twins):
    feed = Feed(twins, 15)
    feed.run(DAY * 10)
    feed.review()
    rows = feed.run([8] * 36, send=False)
    lost = rows[19:25]  # six hours lost on the way: the run of flow is broken by the gap
    twins.send([r for r in rows if r not in lost])
    feed.review()
    assert [s[0] for s in twins.assert_same()] == ["night_flow"]  # no leak: a gap in the run
    twins.send(lost)  # they arrive late, for hours before the last review
    feed.review()
    found = twins.assert_same()
    (leak,) = [s for s in found if s[0] == "leak"]
    assert leak[2] == rows[0][0] - H and leak[7]
    assert [s[7] for s in found if s[0] == "night_flow"] == [False]  # the leak's own nights
    assert twins.read_less()


def test_an_index_reset_is_no_backflow_either_way(twins):
    feed = Feed(twins, 15)
    feed.run(DAY * 10)
    feed.review()
    feed.run(DAY[:12])
    feed.index = 0.0  # the meter replaced: it counts from zero
    feed.run([8] * 20)
    feed.review()
    assert "backflow" not in [s[0] for s in twins.assert_same()]
    feed.run([8] * 10)
    feed.review()
    found = twins.assert_same()
    assert [s[0] for s in found if s[7]] == ["leak"]
    assert "backflow" not in [s[0] for s in found]
    assert twins.read_less()


def test_an_episode_that_ends_between_reviews_is_closed_either_way(twins):
    feed = Feed(twins, 15)
    feed.run(DAY * 9)
    feed.review()
    feed.run([8] * 30)
    feed.review()
    (leak,) = twins.assert_same()
    assert leak[0] == "leak" and leak[7]
    feed.run(DAY + DAY[:6])  # the leak repaired
    feed.review()
    (leak,) = twins.assert_same()
    assert leak[0] == "leak" and not leak[7]
    assert twins.read_less()


def test_a_months_consumption_is_judged_from_the_days_kept(twins, settings):
    # Without history, the local rule: 60 L a day, and this household uses 144.
    settings.CONNECTED_WATER_LOCAL_LITRES_PER_DAY = 60
    feed = Feed(twins, 38)
    feed.run(DAY * 30)
    feed.review()
    for _ in range(7):
        feed.run(DAY)
        feed.review()
        twins.assert_same()
    found = twins.assert_same()
    assert "abnormal_consumption" in [s[0] for s in found]
    assert twins.read_less()
