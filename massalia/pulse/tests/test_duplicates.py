from datetime import timedelta

import pytest
from django.utils import timezone

from massalia.core.text import scrub
from massalia.pulse.enrich import duplicates
from massalia.pulse.models import Channel, Message, Source

COMPLAINT = (
    "Encore un nid de poule énorme rue de Rome devant la boulangerie, personne ne répare "
    "depuis des mois, ma voiture a crevé hier soir"
)
BOILERPLATE = (
    "Bonjour, je vous écris pour signaler un problème rue de Rome : {} depuis une semaine. "
    "Merci de faire le nécessaire. Cordialement"
)
NOW = timezone.now()


@pytest.fixture
def sources(db):
    return {
        channel: Source.objects.create(name=channel, channel=channel)
        for channel in (Channel.MASTODON, Channel.RSS)
    }


def stored(source, text, *, ago=timedelta(0), external_id=None):
    return Message.objects.create(
        source=source,
        channel=source.channel,
        external_id=external_id or f"{source.pk}:{Message.objects.count()}",
        text=scrub(text),
        published_at=NOW - ago,
    )


def marked(*messages):
    rows = list(Message.objects.filter(pk__in=[m.pk for m in messages]))
    duplicates.mark(rows)
    Message.objects.bulk_update(rows, ["fingerprint", "duplicate_of"])
    return {row.pk: row.duplicate_of_id for row in rows}


def test_it_fingerprints_in_64_signed_bits_and_ignores_links_handles_and_reposts():
    value = duplicates.simhash(COMPLAINT)
    assert value is not None and -(2**63) <= value < 2**63
    assert duplicates.simhash(scrub("RT @marie13: " + COMPLAINT)) == value
    assert duplicates.simhash(COMPLAINT + " https://forum.example/t/12") == value
    assert duplicates.simhash("!!! ???") is None


def test_it_groups_boosts_cross_posts_and_lightly_edited_copies(sources):
    first = stored(sources[Channel.MASTODON], COMPLAINT, ago=timedelta(days=3))
    boost = stored(sources[Channel.MASTODON], "RT @marie13: " + COMPLAINT, ago=timedelta(days=2))
    cross = stored(sources[Channel.RSS], COMPLAINT + " https://forum.example/t/12 #Marseille")
    edited = stored(
        sources[Channel.RSS], "Bonjour, " + COMPLAINT.replace("hier soir", "ce matin") + ". Merci"
    )
    assert marked(first, boost, cross, edited) == {
        first.pk: None,
        boost.pk: first.pk,
        cross.pk: first.pk,
        edited.pk: first.pk,
    }


def test_it_points_later_batches_at_the_first_message_of_the_group(sources):
    first = stored(sources[Channel.MASTODON], COMPLAINT, ago=timedelta(days=5))
    second = stored(sources[Channel.MASTODON], "RT " + COMPLAINT, ago=timedelta(days=4))
    marked(first, second)
    third = stored(sources[Channel.RSS], COMPLAINT + " !")
    assert marked(third) == {third.pk: first.pk}


def test_it_keeps_apart_different_complaints_sharing_boilerplate(sources):
    source = sources[Channel.RSS]
    rows = [
        stored(source, BOILERPLATE.format("les poubelles débordent devant la boulangerie")),
        stored(source, BOILERPLATE.format("le lampadaire est éteint devant la pharmacie")),
        stored(source, BOILERPLATE.format("une voiture ventouse bloque la place handicapée")),
        stored(source, "Le lampadaire de la place est éteint, on ne voit rien le soir"),
    ]
    assert set(marked(*rows).values()) == {None}


def test_it_only_looks_back_fourteen_days(sources):
    source = sources[Channel.MASTODON]
    old = stored(source, COMPLAINT, ago=timedelta(days=15))
    marked(old)
    again = stored(source, COMPLAINT)
    assert marked(again) == {again.pk: None}


def test_it_gives_the_same_answer_when_run_again(sources):
    source = sources[Channel.MASTODON]
    rows = [stored(source, COMPLAINT, ago=timedelta(hours=h)) for h in (3, 2, 1)]
    first_run = marked(*rows)
    assert marked(*rows) == first_run
    assert first_run == {rows[0].pk: None, rows[1].pk: rows[0].pk, rows[2].pk: rows[0].pk}
