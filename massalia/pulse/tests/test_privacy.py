from datetime import timedelta

import pytest
from django.utils import timezone

from massalia.core import privacy as core_privacy
from massalia.pulse import privacy
from massalia.pulse.enrich.text import pseudonym
from massalia.pulse.models import Channel, DailySignal, Message, Source, Topic, TopicCorrection

NOW = timezone.now()


@pytest.fixture
def sources(db):
    return {
        channel: Source.objects.create(name=channel, channel=channel)
        for channel in (Channel.PLATFORM, Channel.MASTODON)
    }


def said(source, text, *, author="", days_ago=0):
    return Message.objects.create(
        source=source,
        channel=source.channel,
        external_id=f"m{Message.objects.count()}",
        author=pseudonym(source.channel, author),
        text=text,
        published_at=NOW - timedelta(days=days_ago),
    )


def test_it_is_registered_as_a_personal_data_part():
    assert "pulse" in [part.name for part in core_privacy.parts()]


def test_it_exports_and_erases_only_the_persons_platform_messages(city, sources):
    alice, bob = city.people["alice"], city.people["bob"]
    mine = said(sources[Channel.PLATFORM], "Trottoir cassé", author=f"user:{alice.pk}")
    said(sources[Channel.PLATFORM], "Lampadaire éteint", author=f"user:{bob.pk}")
    # The same handle on another channel is another person's pseudonym space.
    said(sources[Channel.MASTODON], "Un toot", author=f"user:{alice.pk}")

    exported = privacy.export(alice)
    assert [m["text"] for m in exported["messages"]] == ["Trottoir cassé"]
    assert exported["messages"][0]["reference"] == mine.external_id

    assert privacy.erase(alice) == {"anonymised_messages": 1}
    mine.refresh_from_db()
    assert (mine.author, mine.text) == ("", "Trottoir cassé")
    assert privacy.export(alice) == {"messages": []}
    assert privacy.export(bob)["messages"][0]["text"] == "Lampadaire éteint"


def test_it_deletes_messages_past_retention_and_keeps_their_signals(db, sources, settings):
    settings.PULSE_RETENTION_DAYS = 90
    old = said(sources[Channel.MASTODON], "Ancien", author="a", days_ago=91)
    old_platform = said(sources[Channel.PLATFORM], "Ancien aussi", days_ago=120)
    kept = said(sources[Channel.MASTODON], "Récent", days_ago=89)
    copy = said(sources[Channel.MASTODON], "Ancien", days_ago=10)
    copy.duplicate_of = old
    copy.save()
    signal = DailySignal.objects.create(day=old.published_at.date(), channel="mastodon", messages=1)

    assert privacy.purge(NOW, True) == {"pulse_messages": 2}
    assert Message.objects.count() == 4
    assert privacy.purge(NOW, False) == {"pulse_messages": 2}
    assert set(Message.objects.all()) == {kept, copy}
    assert not Message.objects.filter(pk=old_platform.pk).exists()
    copy.refresh_from_db()
    assert copy.duplicate_of is None
    assert DailySignal.objects.get() == signal


def test_it_keeps_corrections_as_training_data_after_their_message_goes(db, sources, settings):
    settings.PULSE_RETENTION_DAYS = 90
    topic = Topic.objects.create(slug="voirie", name="Voirie")
    old = said(sources[Channel.MASTODON], "Trou dans la chaussée", author="a", days_ago=100)
    TopicCorrection.objects.create(message=old, to_topic=topic, text=old.text)
    assert privacy.purge(NOW, False) == {"pulse_messages": 1}
    assert not Message.objects.exists()
    correction = TopicCorrection.objects.get()
    assert (correction.message, correction.text) == (None, "Trou dans la chaussée")
