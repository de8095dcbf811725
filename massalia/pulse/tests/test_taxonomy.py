from massalia.pulse.models import Topic
from massalia.pulse.taxonomy import TOPICS, ensure_topics


def test_it_creates_every_topic_once_even_when_run_twice(db):
    first = ensure_topics()
    second = ensure_topics()

    assert [t.pk for t in first] == [t.pk for t in second]
    assert Topic.objects.count() == len(TOPICS) >= 14


def test_it_gives_each_topic_enough_seed_sentences(db):
    for topic in ensure_topics():
        assert 12 <= len(topic.seed_examples()) <= 20, topic.slug


def test_it_links_departments_that_exist_and_their_request_types(city):
    topics = {t.slug: t for t in ensure_topics()}

    assert topics["voirie"].department == city.departments["voirie"]
    assert "nid-de-poule" in topics["voirie"].request_type_codes()
    assert topics["mer"].department is None  # no such department in this city
    assert topics["logement"].request_type_codes() == []


def test_it_keeps_a_topic_switched_off_by_the_city(db):
    ensure_topics()
    Topic.objects.filter(slug="mer").update(is_active=False, name="Littoral")

    ensure_topics()

    mer = Topic.objects.get(slug="mer")
    assert not mer.is_active
    assert mer.name == "Mer et plages"
