import math
from datetime import datetime

import pytest

from massalia.pulse.enrich.text import pseudonym
from massalia.pulse.ingest import MAX_TEXT, Incoming, platform_source, receive
from massalia.pulse.models import Channel, Message, Source, Topic

WHEN = datetime(2030, 5, 4, 12, 0)  # naive: taken as local time


@pytest.fixture
def source(db):
    return Source.objects.create(name="Mastodon #Marseille", channel=Channel.MASTODON)


def test_it_stores_cleaned_items_once_per_source(source):
    items = [
        Incoming("1", "Appelez-moi au 06 12 34 56 78, rue de Rome", WHEN, author="@marie"),
        Incoming("2", "   ", WHEN),
        Incoming("1", "Appelez-moi au 06 12 34 56 78, rue de Rome", WHEN, author="@marie"),
    ]
    first = receive(source, items, enrich=False)
    assert (len(first.created), first.already_known, first.empty) == (1, 1, 1)
    message = Message.objects.get()
    assert message.text == "Appelez-moi au [téléphone], rue de Rome"
    assert message.author == pseudonym(Channel.MASTODON, "@marie") != "@marie"
    assert message.channel == Channel.MASTODON
    assert message.published_at.tzinfo is not None and message.enriched_at is None
    again = receive(source, items[:1], enrich=False)
    assert (again.created, again.already_known) == ([], 1)


def test_it_accepts_the_same_id_from_another_source(source):
    other = Source.objects.create(name="Forum", channel=Channel.RSS)
    receive(source, [Incoming("1", "Bonjour", WHEN)], enrich=False)
    assert len(receive(other, [Incoming("1", "Bonjour", WHEN)], enrich=False).created) == 1


def test_it_cuts_long_texts_and_drops_impossible_coordinates(source):
    item = Incoming("1", "x" * (MAX_TEXT + 10), WHEN, latitude=math.nan, longitude=math.inf)
    receive(source, [item], enrich=False)
    message = Message.objects.get()
    assert len(message.text) == MAX_TEXT
    assert (message.latitude, message.longitude) == (None, None)


def test_it_keeps_the_topic_the_author_chose(db):
    topic = Topic.objects.create(slug="voirie", name="Voirie")
    receive(
        platform_source(),
        [Incoming("servicerequest:1", "Trou", WHEN, topic="voirie")],
        enrich=False,
    )
    message = Message.objects.get()
    assert (message.topic, message.topic_score, message.source.channel) == (
        topic,
        1.0,
        Channel.PLATFORM,
    )


def test_it_queues_enrichment_after_commit(source, on_commit, settings):
    settings.PULSE_RETENTION_DAYS = 100_000
    with on_commit() as callbacks:
        received = receive(source, [Incoming("1", "Les poubelles débordent à Noailles", WHEN)])
        assert Message.objects.get(pk=received.created[0]).enriched_at is None
    assert len(callbacks) == 1
    assert Message.objects.get().enriched_at is not None


def test_it_skips_what_is_older_than_the_retention_period_unless_loading_history(db, settings):
    from datetime import timedelta

    from django.utils import timezone

    from massalia.pulse.ingest import Incoming, receive
    from massalia.pulse.models import Channel, Source

    settings.PULSE_RETENTION_DAYS = 90
    source = Source.objects.create(name="Forum", channel=Channel.RSS)
    now = timezone.now()
    items = [
        Incoming(external_id="old", text="Vieux fil", published_at=now - timedelta(days=91)),
        Incoming(external_id="new", text="Nouveau fil", published_at=now - timedelta(days=89)),
    ]
    result = receive(source, items, enrich=False)
    assert (len(result.created), result.too_old) == (1, 1)
    assert list(source.messages.values_list("external_id", flat=True)) == ["new"]
    assert len(receive(source, items, enrich=False, history=True).created) == 1
    assert source.messages.count() == 2
