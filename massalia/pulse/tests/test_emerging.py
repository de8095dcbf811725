"""Emerging topics among recent messages that fit no known topic."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from massalia.pulse import alerts, emerging
from massalia.pulse.models import Alert, Channel, Message, Source, Topic

DAY = dt.date(2025, 3, 14)

POOL = [
    "La piscine Vallier est fermée depuis lundi, les enfants n'ont plus de natation.",
    "Piscine Vallier fermée sans prévenir, on fait comment pour la natation des enfants ?",
    "Encore la piscine Vallier fermée ce matin, aucune affiche pour expliquer.",
    "Pourquoi la piscine Vallier est fermée ? Les bassins étaient pleins hier.",
    "Natation annulée, la piscine Vallier reste fermée toute la semaine.",
    "Les clubs de natation cherchent une solution, la piscine Vallier est fermée.",
]
UNRELATED = [
    "Le marché du samedi a déménagé sur la place, c'est plus agréable.",
    "Concert gratuit au parc Borély dimanche soir, superbe ambiance.",
    "La bibliothèque du quartier propose des ateliers numériques pour les seniors.",
    "Un nouveau food truck s'installe devant la gare Saint-Charles.",
    "Les horaires de la mairie de secteur changent en avril.",
    "Belle fresque peinte sur le mur du collège, bravo aux élèves.",
    "Le vide-grenier de la Plaine aura lieu le premier dimanche du mois.",
]


@pytest.fixture
def source(db):
    return Source.objects.create(name="Forum du quartier", channel=Channel.RSS)


def say(source, text, *, author="", days_ago=0, topic=None, score=None, corrected=False):
    published = timezone.make_aware(dt.datetime.combine(DAY, dt.time(12))) - dt.timedelta(
        days=days_ago
    )
    return Message.objects.create(
        source=source,
        channel=source.channel,
        external_id=f"{Message.objects.count()}",
        author=author,
        text=text,
        published_at=published,
        enriched_at=published,
        topic=topic,
        topic_score=score,
        topic_corrected=corrected,
    )


def test_it_finds_a_new_subject_and_leaves_unrelated_messages_alone(source):
    pool = [say(source, t, author=f"p{i}", days_ago=i % 5) for i, t in enumerate(POOL)]
    others = [say(source, t, author=f"o{i}", days_ago=i % 6) for i, t in enumerate(UNRELATED)]
    found = emerging.find(DAY)
    assert len(found) == 1
    group = found[0]
    assert set(group.message_ids) == {m.pk for m in pool}
    assert not set(group.message_ids) & {m.pk for m in others}
    assert "piscine" in " ".join(group.terms) or "vallier" in " ".join(group.terms)
    assert group.authors == len(POOL)
    assert set(group.examples) <= set(group.message_ids) and group.examples


def test_it_needs_three_distinct_voices(source):
    for text in POOL:
        say(source, text, author="toujours-le-meme")
    assert emerging.find(DAY) == []
    # Messages without a known author each count as one voice.
    for text in POOL[:3]:
        say(source, text, author="")
    assert len(emerging.find(DAY)) == 1


def test_it_ignores_what_a_known_topic_already_explains(source):
    topic = Topic.objects.create(slug="sport", name="Culture et sport")
    for i, text in enumerate(POOL):
        say(source, text, author=f"p{i}", topic=topic, score=0.9)
    assert emerging.find(DAY) == []
    # A weak guess of the classifier does not explain it, unless an agent confirmed it.
    Message.objects.update(topic_score=0.2)
    assert len(emerging.find(DAY)) == 1
    Message.objects.update(topic_corrected=True)
    assert emerging.find(DAY) == []


def test_it_does_not_call_new_what_was_said_as_much_before(source):
    for i, text in enumerate(POOL):
        say(source, text, author=f"p{i}")
        say(source, text, author=f"q{i}", days_ago=10)
        say(source, text, author=f"r{i}", days_ago=20)
    assert emerging.find(DAY) == []


def test_it_raises_one_emerging_alert_for_a_subject(source):
    for i, text in enumerate(POOL):
        say(source, text, author=f"p{i}", days_ago=i % 3)
    created = alerts.detect(DAY)
    assert [a.kind for a in created] == [Alert.Kind.EMERGING]
    alert = created[0]
    assert alert.title.startswith("Sujet émergent : « ")
    # A phrase somebody wrote, not a list of words.
    phrase = alert.title.split("« ", 1)[1].split(" »", 1)[0]
    assert len(phrase.split()) >= 3
    assert any(phrase.lower() in text.lower() for text in POOL), phrase
    assert f"({len(POOL)} messages, {len(POOL)} personnes)" in alert.title
    assert alert.observed == len(POOL) and alert.terms and alert.examples
    # The next hourly run, and the next day, find the same subject: no second alert.
    assert alerts.detect(DAY) == []
    assert alerts.detect(DAY + dt.timedelta(days=1)) == []
    assert Alert.objects.count() == 1


def test_it_counts_the_same_subject_in_other_words_once(source):
    for i, text in enumerate(POOL):
        say(source, text, author=f"p{i}", days_ago=i % 3)
    first = alerts.detect(DAY)
    assert len(first) == 1
    reworded = [
        "Fermeture surprise des piscines municipales : cours de natation supprimés.",
        "Les piscines ferment encore, natation impossible pour les scolaires.",
        "Piscines fermées, natation du mercredi supprimée, que faire ?",
        "Natation : les piscines de l'est fermées jusqu'à nouvel ordre.",
        "Toujours pas de natation, les piscines restent fermées.",
    ]
    for i, text in enumerate(reworded):
        say(source, text, author=f"r{i}", days_ago=0)
    assert alerts.detect(DAY + dt.timedelta(days=1)) == []


def test_it_leaves_a_rising_known_topic_to_its_spike_alert(source):
    water = Topic.objects.create(slug="eau", name="Eau")
    Alert.objects.create(kind=Alert.Kind.SPIKE, day=DAY, topic=water, title="Eau : hausse")
    for i, text in enumerate(POOL):
        say(source, text, author=f"p{i}", days_ago=i % 3, topic=water, score=0.2)
    assert alerts.detect(DAY) == []
    # Folded into the spike alert: its words say what the rise is about.
    assert Alert.objects.get(kind=Alert.Kind.SPIKE).terms
    Alert.objects.filter(kind=Alert.Kind.SPIKE).delete()
    assert [a.kind for a in alerts.detect(DAY)] == [Alert.Kind.EMERGING]
