from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from massalia.pulse import taxonomy
from massalia.pulse.enrich import pipeline
from massalia.pulse.enrich.text import pseudonym
from massalia.pulse.ingest import Incoming, receive
from massalia.pulse.models import Channel, DailySignal, Message, Source, TopicModel
from massalia.testing import file_request

PARIS = ZoneInfo("Europe/Paris")
# 22:30 UTC on 2 March: still 2 March in Marseille, whatever the season.
LATE_EVENING = datetime(2030, 3, 2, 23, 30, tzinfo=PARIS)
COMPLAINT = (
    "Je m'appelle Jean Dupont, 06 12 34 56 78. Les poubelles débordent et des sacs d'ordures "
    "sont entassés sur le trottoir à Noailles depuis une semaine, c'est dégoûtant et "
    "personne ne passe !"
)


@pytest.fixture
def forum(city):
    return Source.objects.create(name="Forum du quartier", channel=Channel.RSS)


@pytest.fixture
def recent(settings):
    settings.PULSE_RETENTION_DAYS = 100_000  # the fixed dates below stay within retention


def test_it_enriches_what_a_channel_delivers(forum, on_commit, recent):
    with on_commit():
        received = receive(
            forum,
            [
                Incoming(
                    "post-1", COMPLAINT, LATE_EVENING, author="jean.dupont", url="https://f.test/1"
                )
            ],
        )
    message = Message.objects.get(pk=received.created[0])
    assert "06 12" not in message.text and "Dupont" not in message.text
    assert message.author == pseudonym(Channel.RSS, "jean.dupont")
    assert message.enriched_at is not None
    assert message.language == "fr"
    assert message.topic is not None and message.topic.slug == "proprete"
    assert message.topic_model == TopicModel.objects.get(is_active=True)
    assert 0 < message.topic_score <= 1 and message.topic_reasons
    assert message.sentiment == "negative" and message.sentiment_score < 0
    assert message.sentiment_reasons
    assert message.quartier.name == "NOAILLES"
    assert message.arrondissement == message.quartier.arrondissement
    assert message.place_found_by == "Noailles"
    assert message.fingerprint is not None and message.duplicate_of is None
    signal = DailySignal.objects.get()
    assert signal.day == LATE_EVENING.date()  # the local day, not the UTC one
    assert (signal.topic, signal.quartier, signal.channel) == (
        message.topic,
        message.quartier,
        Channel.RSS,
    )
    assert (signal.messages, signal.negative, signal.neutral, signal.positive) == (1, 1, 0, 0)
    assert signal.sentiment_sum == pytest.approx(message.sentiment_score)


def test_it_starts_a_new_city_with_topics_and_a_first_model(forum, recent):
    assert not TopicModel.objects.exists()
    receive(forum, [Incoming("p", COMPLAINT, LATE_EVENING)], enrich=False)
    assert pipeline.enrich_pending() == 1
    model = TopicModel.objects.get(is_active=True)
    assert model.trained_on["seeds"] > 0
    assert Message.objects.get().topic_model == model


def test_it_brings_a_platform_request_with_the_topic_its_author_chose(city, on_commit):
    taxonomy.ensure_topics()
    with on_commit():
        case = file_request(
            city,
            "lampadaire",
            description="Les poubelles débordent, des sacs partout sur le trottoir",
        )
    message = Message.objects.get(external_id=f"servicerequest:{case.pk}")
    assert message.channel == Channel.PLATFORM
    assert message.author == pseudonym(Channel.PLATFORM, f"user:{city.people['alice'].pk}")
    # The author said "street lighting": the classifier does not overrule them.
    assert (message.topic.slug, message.topic_score, message.topic_model) == (
        "eclairage",
        1.0,
        None,
    )
    assert message.enriched_at is not None
    assert message.quartier == city.quartiers["NOAILLES"]
    assert message.place_found_by == "coordonnées"
    assert DailySignal.objects.get(topic=message.topic).messages == 1


def test_it_can_run_again_without_changing_anything(forum, recent):
    items = [
        Incoming(f"p{i}", text, LATE_EVENING - timedelta(hours=i))
        for i, text in enumerate(
            [COMPLAINT, COMPLAINT + " Vraiment.", "Merci pour le nouveau parc !"]
        )
    ]
    ids = receive(forum, items, enrich=False).created
    assert pipeline.enrich_messages(ids=ids) == 3
    fields = ["topic", "topic_score", "sentiment", "quartier", "duplicate_of", "fingerprint"]
    before = list(Message.objects.order_by("id").values_list(*fields))
    signals_before = list(DailySignal.objects.order_by("id").values_list("topic", "messages"))
    assert pipeline.enrich_messages(ids=ids + ids) == 3
    assert list(Message.objects.order_by("id").values_list(*fields)) == before
    assert sorted(DailySignal.objects.values_list("topic", "messages")) == sorted(signals_before)
    assert pipeline.enrich_pending() == 0
    # p1 was published an hour before p0: the first of the group.
    copy = Message.objects.get(external_id="p0")
    assert copy.duplicate_of == Message.objects.get(external_id="p1")


def test_it_keeps_a_corrected_topic(forum, recent):
    from massalia.pulse.enrich import topics
    from massalia.pulse.models import Topic

    ids = receive(forum, [Incoming("p", COMPLAINT, LATE_EVENING)], enrich=False).created
    pipeline.enrich_messages(ids=ids)
    message = Message.objects.get()
    topics.correct(message, Topic.objects.get(slug="logement"), None)
    pipeline.enrich_messages(ids=ids)
    message.refresh_from_db()
    assert (message.topic.slug, message.topic_corrected) == ("logement", True)


def test_it_enriches_the_oldest_pending_first(forum, recent):
    now = timezone.now()
    items = [Incoming(f"p{i}", f"{COMPLAINT} {i}", now - timedelta(days=i)) for i in range(3)]
    receive(forum, items, enrich=False)
    assert pipeline.enrich_pending(limit=2) == 2
    assert list(Message.objects.pending().values_list("external_id", flat=True)) == ["p0"]
