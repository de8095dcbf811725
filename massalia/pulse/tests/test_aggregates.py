from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from massalia.pulse import aggregates
from massalia.pulse.models import Channel, DailySignal, Message, Source, Topic

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def topics(db):
    return {
        slug: Topic.objects.create(slug=slug, name=slug.capitalize())
        for slug in ("proprete", "voirie")
    }


@pytest.fixture
def sources(db):
    return {
        channel: Source.objects.create(name=channel, channel=channel)
        for channel in (Channel.RSS, Channel.MASTODON)
    }


def message(source, at, topic=None, sentiment="neutral", score=0.0, quartier=None, enriched=True):
    return Message.objects.create(
        source=source,
        channel=source.channel,
        external_id=f"m{Message.objects.count()}",
        text="texte",
        published_at=at,
        topic=topic,
        sentiment=sentiment,
        sentiment_score=score,
        quartier=quartier,
        arrondissement=quartier.arrondissement if quartier else None,
        enriched_at=timezone.now() if enriched else None,
    )


def local(day, hour):
    return datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


def rows():
    return sorted(
        DailySignal.objects.values_list(
            "day",
            "topic__slug",
            "quartier__name",
            "channel",
            "messages",
            "negative",
            "neutral",
            "positive",
            "sentiment_sum",
        ),
        key=str,
    )


def test_it_counts_each_local_day_by_topic_place_and_channel(city, topics, sources):
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    noailles = city.quartiers["NOAILLES"]
    rss, toots = sources[Channel.RSS], sources[Channel.MASTODON]
    message(rss, local(today, 9), topics["proprete"], "negative", -0.5, noailles)
    message(rss, local(today, 10), topics["proprete"], "negative", -0.25, noailles)
    message(rss, local(today, 11), topics["proprete"], "positive", 0.5, noailles)
    message(toots, local(today, 12), topics["proprete"], "neutral", 0.0, noailles)
    message(rss, local(today, 13), topics["voirie"], "negative", -1.0)
    # 00:30 local is the day before in UTC: it still counts for today.
    message(rss, local(today, 0) + timedelta(minutes=30), topics["voirie"], "negative", -1.0)
    message(rss, local(yesterday, 23), topics["voirie"], "positive", 1.0)
    message(rss, local(today, 14), topics["voirie"], enriched=False)  # not counted yet

    assert aggregates.rebuild([today]) == 3
    assert rows() == sorted(
        [
            (today, "proprete", "NOAILLES", "mastodon", 1, 0, 1, 0, 0.0),
            (today, "proprete", "NOAILLES", "rss", 3, 2, 0, 1, -0.25),
            (today, "voirie", None, "rss", 2, 2, 0, 0, -2.0),
        ],
        key=str,
    )


def test_it_gives_the_same_rows_when_run_again(city, topics, sources):
    today = timezone.localdate()
    message(sources[Channel.RSS], local(today, 9), topics["voirie"], "negative", -0.5)
    aggregates.rebuild([today, today - timedelta(days=1)])
    first = rows()
    assert aggregates.rebuild([today]) == 1
    assert rows() == first
    Message.objects.all().delete()
    assert aggregates.rebuild([today]) == 0
    assert rows() == []


def test_it_keeps_the_days_whose_messages_are_gone_unless_forced(db, topics, sources, settings):
    settings.PULSE_RETENTION_DAYS = 30
    old_day = timezone.localdate() - timedelta(days=40)
    DailySignal.objects.create(day=old_day, topic=topics["voirie"], channel="rss", messages=7)
    assert aggregates.rebuild([old_day]) == 0
    assert DailySignal.objects.get().messages == 7
    assert aggregates.rebuild([old_day], force=True) == 0
    assert not DailySignal.objects.exists()


def test_it_rebuilds_many_days_in_few_queries(db, topics, sources, django_assert_max_num_queries):
    start = timezone.localdate() - timedelta(days=59)
    days = [start + timedelta(days=n) for n in range(60)]
    for day in days:
        message(sources[Channel.RSS], local(day, 12), topics["voirie"])
    with django_assert_max_num_queries(12):
        assert aggregates.rebuild(days) == 60
    assert {row[0] for row in rows()} == set(days)
    assert isinstance(days[0], date)
