from datetime import datetime

import pytest
from django.utils import timezone

from massalia.pulse.enrich.topics import Classifier, classify, correct, measure, train_version
from massalia.pulse.models import Channel, Message, Source, Topic, TopicModel
from massalia.pulse.taxonomy import TOPICS, ensure_topics
from massalia.testing import file_request


def seeds() -> tuple[list[str], list[str]]:
    texts = [line for spec in TOPICS for line in spec.seeds]
    labels = [spec.slug for spec in TOPICS for _ in spec.seeds]
    return texts, labels


@pytest.fixture(scope="module")
def seeded() -> Classifier:
    return Classifier().fit(*seeds())


def test_it_classifies_unseen_clear_sentences_from_seeds_alone(seeded):
    unseen = {
        "Le lampadaire de ma rue est éteint, on ne voit rien la nuit": "eclairage",
        "Encore des encombrants et des sacs d'ordures abandonnés sur le trottoir": "proprete",
        "Le métro est tombé en panne, et le bus suivant n'est jamais passé": "transports-en-commun",
        "Une voiture est garée en double file devant mon garage": "stationnement",
        "Les voisins font du bruit avec leur musique jusqu'à trois heures": "tranquillite",
        "Plus de place en crèche pour mon bébé": "ecoles-petite-enfance",
    }
    predicted = [slug for slug, _ in seeded.predict(list(unseen))]

    assert sum(p == t for p, t in zip(predicted, unseen.values(), strict=True)) >= 5


def test_it_explains_with_words_found_in_the_text(seeded):
    text = "Le lampadaire clignote et la rue reste plongée dans le noir"
    slug, probability = seeded.predict([text])[0]
    reasons = seeded.explain(text, slug)

    assert slug == "eclairage" and 0 < probability <= 1
    assert reasons and all(weight > 0 for _, weight in reasons)
    assert all(word.split()[0] in text.lower() for word, _ in reasons)


def test_it_survives_a_round_trip_through_bytes(seeded):
    texts = ["La piscine est fermée", "Fuite d'eau sur la chaussée"]
    copy = Classifier.loads(seeded.dumps())

    assert copy.predict(texts) == seeded.predict(texts)


def test_it_returns_nothing_without_a_trained_version(db):
    assert classify(["Le lampadaire est éteint"]) == [None]


def test_it_trains_on_seeds_alone_for_a_new_city(db):
    ensure_topics()

    version = train_version()

    assert version.version == 1 and version.is_active
    assert version.trained_on["requests"] == 0 and version.trained_on["seeds"] > 150
    assert version.quality["n_test"] == 0


def describe(city, code: str, sentences: list[str]) -> None:
    for sentence in sentences:
        file_request(city, code, description=sentence)


STREETS = ("rue de Rome", "boulevard Baille", "avenue du Prado", "rue Paradis", "cours Julien")
SPOTS = ("devant l'école", "au carrefour", "au 12")


def reports(on_street: str, elsewhere: str) -> list[str]:
    """Eight requests: five in named streets, three at unnamed spots."""
    return [on_street.format(where) for where in STREETS] + [
        elsewhere.format(spot) for spot in SPOTS
    ]


POTHOLES = reports("Gros nid-de-poule {}, attention aux roues", "Trou profond dans la chaussée {}")
LAMPS = reports("Lampadaire éteint {}, la rue est dans le noir", "Éclairage en panne {}")
TAGS = reports("Tags sur la façade {}, c'est moche", "Graffiti sur le mur {}")


def test_it_learns_from_requests_measures_itself_and_activates_the_new_version(city):
    ensure_topics()
    first = train_version()
    describe(city, "nid-de-poule", POTHOLES)
    describe(city, "lampadaire", LAMPS)
    describe(city, "tags", TAGS)

    second = train_version()

    first.refresh_from_db()
    assert (first.is_active, second.is_active, second.version) == (False, True, 2)
    assert second.trained_on["requests"] == 24
    assert second.quality["n_test"] == 5
    assert 0 <= second.quality["macro_f1"] <= 1 and second.quality["accuracy"] >= 0.6
    assert set(second.quality["per_topic"]) <= {"voirie", "eclairage", "proprete"}
    prediction = classify(["Un nid-de-poule énorme rue de Rome"])[0]
    assert prediction is not None
    assert (prediction.slug, prediction.model_id) == ("voirie", second.pk)
    assert TopicModel.objects.count() == 2


def test_it_learns_an_agents_correction_in_the_next_version(city):
    ensure_topics()
    train_version()
    source = Source.objects.create(name="Forum", channel=Channel.RSS)
    text = "Les goélands éventrent les sacs chaque matin près du vieux port"
    published = timezone.make_aware(datetime(2025, 3, 4, 10))
    message = Message.objects.create(
        source=source, channel=Channel.RSS, external_id="1", text=text, published_at=published
    )
    before = classify([text])[0]
    target = Topic.objects.get(slug="environnement" if before.slug != "environnement" else "mer")

    correction = correct(message, target, city.people["bob"])
    train_version()

    message.refresh_from_db()
    assert (message.topic, message.topic_corrected, message.topic_reasons) == (target, True, [])
    assert (correction.from_topic, correction.to_topic, correction.text) == (None, target, text)
    assert correction.corrected_by == city.people["bob"]
    assert classify([text])[0].slug == target.slug
    assert TopicModel.objects.get(is_active=True).trained_on["corrections"] == 1


def test_it_measures_itself_even_on_a_handful_of_requests_across_many_topics():
    few = [(f"nid-de-poule numéro {n}", "voirie") for n in range(4)]
    few += [("lampadaire éteint", "eclairage"), ("tags au mur", "proprete")] * 2
    few += [("fuite d'eau", "eau"), ("banc cassé", "mobilier-urbain")] * 2
    always = [(text, slug) for text, slug in zip(*seeds(), strict=True)]

    quality = measure(few, always)

    assert quality["n_test"] == 3
    assert 0 <= quality["accuracy"] <= 1


def test_it_keeps_every_versions_record_but_only_the_last_weights(db, monkeypatch):
    from massalia.pulse.enrich import topics

    monkeypatch.setattr(topics, "KEEP_WEIGHTS", 2)
    ensure_topics()
    for _ in range(3):
        train_version()
    weights = dict(TopicModel.objects.values_list("version", "blob"))
    assert sorted(weights) == [1, 2, 3]
    assert bytes(weights[1]) == b"" and bytes(weights[2]) and bytes(weights[3])
    assert TopicModel.objects.get(version=1).trained_on["seeds"] > 0
