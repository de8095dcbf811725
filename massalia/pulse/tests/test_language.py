import pytest

from massalia.pulse.enrich.language import detect


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Le lampadaire de notre rue est en panne depuis trois semaines.", "fr"),
        ("The bus never came this morning and nobody answered the phone.", "en"),
        ("El autobús no pasó esta mañana y nadie contestó el teléfono.", "es"),
        ("Grazie mille per aver pulito la spiaggia, è bellissima adesso.", "it"),
    ],
)
def test_it_recognises_the_language_of_a_sentence(text, language):
    assert detect(text) == language


def test_it_ignores_links_handles_and_placeholders():
    text = "[compte] https://example.org/x Les poubelles débordent encore devant l'école"

    assert detect(text) == "fr"


@pytest.mark.parametrize("text", ["", "   ", "ok", "👍👍", "https://example.org/abc"])
def test_it_says_nothing_when_there_is_too_little_to_go_on(text):
    assert detect(text) == ""
