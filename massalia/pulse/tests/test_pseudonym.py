from massalia.pulse.enrich.text import pseudonym


def test_it_gives_each_author_a_stable_keyed_pseudonym(settings):
    first = pseudonym("mastodon", "Marius@mastodon.example")
    assert first == pseudonym("mastodon", "marius@mastodon.example ")
    assert first != pseudonym("rss", "marius@mastodon.example")
    assert "marius" not in first and len(first) == 16
    settings.PULSE_PSEUDONYM_KEY = "another-city"
    assert pseudonym("mastodon", "marius@mastodon.example") != first


def test_it_gives_no_pseudonym_to_nobody():
    assert pseudonym("rss", "  ") == ""
