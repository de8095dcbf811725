"""Emerging topics are titled by a short phrase somebody wrote, never by a list of words."""

from __future__ import annotations

import pytest

from massalia.pulse.titles import headline, top_bigrams


@pytest.mark.parametrize(
    ("text", "terms", "title"),
    [
        (
            "Bonjour, il y a des sangliers partout dans les poubelles du quartier ce soir. "
            "Merci de faire quelque chose !",
            ["sangliers", "poubelles quartier"],
            "Des sangliers partout dans les poubelles du quartier",
        ),
        (
            "Plus de natation à la piscine Vallier depuis lundi, les enfants sont déçus.",
            ["piscine vallier", "natation"],
            "Natation à la piscine Vallier depuis lundi",
        ),
        (
            "La colline brûle encore, on voit la fumée depuis le boulevard",
            ["colline", "brûle"],
            "La colline brûle encore",
        ),
        (
            "Les enfants ne peuvent plus nager à la piscine",
            ["piscine"],
            "Les enfants ne peuvent plus nager à la piscine",
        ),
    ],
)
def test_it_takes_the_clause_that_says_the_most_of_the_subject(text, terms, title):
    assert headline(text, terms) == title


def test_it_removes_personal_data_from_the_phrase():
    text = "Madame Dupont signale que la piscine Vallier est fermée, appelez le 06 12 34 56 78"
    title = headline(text, ["piscine vallier", "fermée"])
    assert title == "La piscine Vallier est fermée"
    phone = headline("Appelez-moi au 06 12 34 56 78 pour la fontaine cassée", ["fontaine"])
    assert "06" not in phone and "fontaine cassée" in phone


def test_it_keeps_a_phrase_short():
    text = "Le bruit du chantier de la rue Paradis commence à six heures tous les matins sans faute"
    title = headline(text, ["chantier", "bruit", "matins"])
    assert len(title.split()) <= 9 and title.startswith("Le bruit du chantier")


def test_it_falls_back_on_the_top_two_word_terms_in_their_order():
    terms = ["coupure électricité", "panne", "quartier nord"]
    assert headline("Rien à voir avec le reste.", terms) == "coupure électricité, quartier nord"
    assert top_bigrams(["panne", "courant"]) == "panne, courant"
