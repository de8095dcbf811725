"""A regulation's text imported from Markdown or HTML: chapters, sections, articles, their
anchors from their numbers, stable when the text is imported again."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from massalia.consultations.documents import DocumentError, import_document
from massalia.consultations.models import Part
from massalia.consultations.tests.conftest import REGULATION_TEXT

pytestmark = pytest.mark.django_db


def outline(regulation):
    return [
        (p.kind, p.anchor, p.parent.anchor if p.parent else None)
        for p in regulation.parts.filter(removed=False)
    ]


def test_it_reads_chapters_sections_and_articles_with_anchors(plu):
    assert outline(plu) == [
        ("chapter", "chapitre-1", None),
        ("article", "article-dg-1", "chapitre-1"),
        ("chapter", "chapitre-2", None),
        ("section", "chapitre-2-section-1", "chapitre-2"),
        ("article", "article-ua-1", "chapitre-2-section-1"),
        ("section", "chapitre-2-section-2", "chapitre-2"),
        ("article", "article-ua-7", "chapitre-2-section-2"),
        ("chapter", "chapitre-3", None),
        ("article", "article-n-2", "chapitre-3"),
    ]
    ua7 = Part.objects.get(regulation=plu, anchor="article-ua-7")
    assert (ua7.number, ua7.title) == ("UA 7", "Hauteur des constructions")
    assert ua7.paragraphs() == [
        "La hauteur des constructions ne peut excéder 16 mètres à l'égout du toit.",
        "Les édicules techniques sont en retrait de 3 mètres.",
    ]


def test_it_reads_the_same_document_from_html(plu):
    html = (
        "<html><body><h1>Chapitre 1 — Dispositions générales</h1>"
        "<h3>Article DG 1 — Champ d'application</h3><p>Le présent <em>règlement</em> "
        "s'applique.</p><script>alert(1)</script>"
        "<h1>Chapitre 2 — Zone UA</h1><h2>Section 1 — Destination</h2>"
        "<h3>Article UA 1 — Occupations interdites</h3><p>Les entrepôts.</p><p>Deuxième.</p>"
        "</body></html>"
    )
    done = import_document(plu, html, "html")
    assert done.created == 0 and done.updated == 5
    assert [a for _, a, _ in outline(plu)] == [
        "chapitre-1", "article-dg-1", "chapitre-2", "chapitre-2-section-1", "article-ua-1",
    ]  # fmt: skip
    dg1 = Part.objects.get(regulation=plu, anchor="article-dg-1")
    assert dg1.body == "Le présent règlement s'applique."
    assert Part.objects.get(regulation=plu, anchor="article-ua-1").paragraphs() == [
        "Les entrepôts.",
        "Deuxième.",
    ]


def test_it_keeps_the_parts_and_marks_the_missing_ones_removed(plu):
    ua7 = Part.objects.get(regulation=plu, anchor="article-ua-7")
    changed = REGULATION_TEXT.replace("16 mètres", "19 mètres").replace(
        "### Article N 2 — Aménagements admis\n\nLes cheminements piétons sont admis.\n",
        "### Article N 3 — Plantations\n\nLes arbres sont remplacés.\n",
    )
    done = import_document(plu, changed)
    assert (done.created, done.removed) == (1, 1)
    ua7.refresh_from_db()
    assert "19 mètres" in ua7.body and not ua7.removed
    assert Part.objects.get(regulation=plu, anchor="article-n-2").removed
    assert not Part.objects.get(regulation=plu, anchor="article-n-3").removed


def test_it_refuses_a_text_without_articles(plu):
    with pytest.raises(DocumentError, match="Aucun article"):
        import_document(plu, "# Chapitre 1\n\nDu texte sans article.\n")
    assert plu.parts.count() == 9


def test_the_command_imports_and_says_what_it_did(plu, tmp_path, capsys):
    path = tmp_path / "plu.md"
    path.write_text(REGULATION_TEXT.replace("16 mètres", "17 mètres"), encoding="utf-8")
    call_command("consultations", "import-document", "plu-centre", str(path))
    assert "parties créées=0 mises à jour=9 retirées=0" in capsys.readouterr().out
    with pytest.raises(CommandError) as refused:
        call_command("consultations", "import-document", "inconnu", str(path))
    assert refused.value.returncode == 2
    bad = tmp_path / "vide.html"
    bad.write_text("<p>rien</p>", encoding="utf-8")
    with pytest.raises(CommandError, match="Aucun article"):
        call_command("consultations", "import-document", "plu-centre", str(bad))
