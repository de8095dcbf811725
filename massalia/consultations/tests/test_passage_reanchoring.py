"""A passage commented on is found again when the text is imported again: its range follows
the words moved in the new text; when the words are gone, the observation is orphaned (and
the register says so)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from massalia.consultations import register
from massalia.consultations.documents import import_document
from massalia.consultations.tests.conftest import REGULATION_TEXT, observe

pytestmark = pytest.mark.django_db
QUOTE = "Les édicules techniques sont en retrait"


def comment(plu, city):
    ua7 = plu.parts.get(anchor="article-ua-7")
    return observe(plu, city.people["alice"], target="passage", part=ua7, quote=QUOTE)


def test_a_passage_moved_in_the_new_text_is_found_again(plu, city):
    item = comment(plu, city)
    before = item.start
    longer = REGULATION_TEXT.replace(
        "La hauteur des constructions", "Sauf exception, la hauteur des constructions"
    )
    done = import_document(plu, longer)
    assert (done.reanchored, done.orphaned) == (1, 0)
    item.refresh_from_db()
    body = item.part.body
    assert item.start == before + len("Sauf exception, ") and not item.orphaned
    assert body[item.start : item.end] == QUOTE


def test_a_passage_gone_from_the_text_is_orphaned_then_found_if_it_returns(plu, city, client):
    item = comment(plu, city)
    register.moderate(observation=item, moderator=city.people["carol"], publish_it=True)
    done = import_document(plu, REGULATION_TEXT.replace(QUOTE, "Les antennes sont en retrait"))
    assert (done.reanchored, done.orphaned) == (0, 1)
    item.refresh_from_db()
    assert item.orphaned and item.quote == QUOTE
    page = client.get("/participer/debats/enquetes/plu-centre/registre/").content.decode()
    assert "Ce passage n'est plus dans la nouvelle version du texte." in page
    import_document(plu, REGULATION_TEXT)
    item.refresh_from_db()
    assert not item.orphaned and item.part.body[item.start : item.end] == QUOTE


def test_a_passage_of_a_removed_article_is_orphaned(plu, city, tmp_path, capsys):
    comment(plu, city)
    without = REGULATION_TEXT.split("### Article UA 7")[0] + REGULATION_TEXT.split("# Chapitre 3")[
        1
    ].join(["# Chapitre 3", ""])
    path = tmp_path / "v2.md"
    path.write_text(without, encoding="utf-8")
    call_command("consultations", "import-document", "plu-centre", str(path))
    assert "retirées=1 passages déplacés=0 orphelins=1" in capsys.readouterr().out
