import pytest

from massalia.pulse.enrich.sentiment import SentimentModel, score, score_many


@pytest.mark.parametrize(
    "text",
    [
        "Merci aux équipes pour la réparation rapide, bravo !",
        "Enfin un vrai parc pour les enfants, c'est magnifique 😍",
        "Le nouveau tram est super, très agréable.",
        "Ce n'est pas mal du tout, la rue est propre.",
    ],
)
def test_it_finds_positive_messages(text):
    scored = score(text)

    assert scored.label == "positive" and 0 < scored.score <= 1


@pytest.mark.parametrize(
    "text",
    [
        "Le trottoir est défoncé, c'est dangereux et inadmissible !!!",
        "Le lampadaire ne fonctionne toujours pas, on en a marre 😡",
        "La rue n'est jamais nettoyée, quelle honte.",
        "Je ne suis pas content du tout du service.",
        "Merci de faire le nécessaire, les poubelles débordent depuis des semaines.",
    ],
)
def test_it_finds_negative_messages(text):
    scored = score(text)

    assert scored.label == "negative" and -1 <= scored.score < 0


@pytest.mark.parametrize(
    "text", ["Le conseil de quartier se réunit jeudi à 18 heures.", "Ligne 83 : horaires d'été."]
)
def test_it_finds_neutral_messages(text):
    assert score(text).label == "neutral"


def test_it_turns_a_word_around_when_it_is_negated():
    plain, negated = score("Le parc est agréable."), score("Le parc n'est pas agréable.")

    assert plain.score > 0 > negated.score


def test_it_weighs_more_with_an_intensifier():
    assert score("C'est très dangereux").score < score("C'est dangereux").score < 0


def test_it_gives_the_words_that_weighed_most_as_written():
    scored = score("Trottoir défoncé, merci de réparer, c'est dangereux")
    words = [word for word, _ in scored.reasons]

    assert "dangereux" in words and "défoncé" in words
    assert all(weight < 0 for _, weight in scored.reasons)


def test_it_scores_many_like_one_at_a_time():
    texts = ["Bravo !", "C'est nul.", "Réunion lundi."]

    assert score_many(texts) == [score(t) for t in texts]


def test_it_learns_from_labelled_examples():
    positive = ["super merci", "bravo top", "génial merci", "magnifique bravo"]
    negative = ["nul horrible", "honteux nul", "catastrophe nul", "horrible honte"]
    neutral = ["réunion lundi", "horaires du bus", "conseil jeudi", "ouverture mardi"]
    model = SentimentModel().fit(
        positive + negative + neutral, ["positive"] * 4 + ["negative"] * 4 + ["neutral"] * 4
    )

    assert model.predict(["merci bravo", "horrible nul", "réunion mardi"]) == [
        "positive",
        "negative",
        "neutral",
    ]
