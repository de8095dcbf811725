from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from massalia.pulse.enrich import pipeline
from massalia.pulse.ingest import Incoming, receive
from massalia.pulse.models import Channel, Message, Source, TopicModel

EVENING = datetime(2030, 3, 2, 20, 0, tzinfo=ZoneInfo("Europe/Paris"))
OVERFLOWING = "Les poubelles débordent et des sacs d'ordures sont entassés sur le trottoir."


@pytest.fixture
def forum(city, settings):
    settings.PULSE_RETENTION_DAYS = 100_000  # the fixed date above stays within retention
    return Source.objects.create(name="Forum du quartier", channel=Channel.RSS)


def _received(forum: Source, external_id: str, text: str) -> list[int]:
    return receive(forum, [Incoming(external_id, text, EVENING)], enrich=False).created


def test_it_reads_the_topic_weights_once_per_process(forum):
    # The first message trains the city's first model and loads its weights.
    pipeline.enrich_messages(ids=_received(forum, "p1", OVERFLOWING))
    second = _received(forum, "p2", OVERFLOWING + " Encore une semaine sans ramassage.")
    with CaptureQueriesContext(connection) as queries:
        pipeline.enrich_messages(ids=second)
    assert Message.objects.get(pk=second[0]).topic_model == TopicModel.objects.get(is_active=True)
    quote = connection.ops.quote_name
    weights = f"{quote(TopicModel._meta.db_table)}.{quote('blob')}"
    assert [query["sql"] for query in queries if weights in query["sql"]] == []
