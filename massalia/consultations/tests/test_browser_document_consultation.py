"""A resident reads the PLU, comments an article, a passage selected in its text and a zone;
the commissioner publishes and answers from her page; the resident finds the observation and
its answer in the register. Then a person without an account, on a phone without JavaScript,
quotes a passage by copying it and points at a zone on the map. axe finds nothing serious;
each page weighs at most 150 KB on the wire."""

from __future__ import annotations

from typing import Any

import pytest

from massalia.consultations import register
from massalia.consultations.models import Observation
from massalia.portal.tests.browser import PHONE, assert_accessible, sign_in
from massalia.portal.tests.test_browser_weight import (  # noqa: F401 (fixtures)
    BUDGET,
    app_server,
    collected,
    measure,
)
from massalia.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BASE = "/participer/debats/enquetes/plu-centre/"
PASSAGE = "ne peut excéder 16 mètres"


def select_in_article(page: Any, words: str) -> None:
    """Select `words` in the article's text, as a mouse would."""
    page.evaluate(
        """(words) => {
          const box = document.getElementById("texte-article");
          const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.data.indexOf(words);
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + words.length);
            const selection = document.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            return;
          }
          throw new Error("words not found: " + words);
        }""",
        words,
    )


def file_with(page: Any, form: str, text: str, theme: str) -> None:
    scope = page.locator(f"#{form}")
    scope.get_by_label("Votre observation").fill(text)
    scope.get_by_label("Thème").select_option(label=theme)
    scope.get_by_role("button", name="Déposer l'observation").click()
    page.wait_for_load_state()


def test_a_resident_comments_and_finds_the_answer_in_the_register(pages, app_server, plu, city):  # noqa: F811
    visitor = pages()
    sign_in(visitor, app_server, login="alice", password=PASSWORD)
    visitor.goto(f"{app_server}{BASE}")
    assert visitor.get_by_role("heading", level=1).inner_text() == "Modification du PLU"
    assert_accessible(visitor)
    visitor.get_by_role("link", name="Article UA 7 — Hauteur des constructions").first.click()
    visitor.wait_for_load_state()
    assert_accessible(visitor)

    file_with(
        visitor,
        "form-article",
        "Seize mètres, c'est trop haut pour nos rues.",
        "Hauteurs et densité",
    )
    assert visitor.get_by_text("enregistrée sous le n° 1").is_visible()

    select_in_article(visitor, PASSAGE)
    quote = visitor.locator("#form-passage").get_by_label("Le passage commenté")
    quote.wait_for()
    visitor.wait_for_function(
        "(w) => document.querySelector('#form-passage textarea[name=quote]').value === w",
        arg=PASSAGE,
    )
    file_with(
        visitor, "form-passage", "Il faut dire aussi « au faîtage ».", "Patrimoine et architecture"
    )
    assert visitor.get_by_text("enregistrée sous le n° 2").is_visible()
    passage = Observation.objects.get(number=2)
    assert passage.quote == PASSAGE and passage.part.body[passage.start : passage.end] == PASSAGE

    visitor.get_by_role("link", name="UA — Centre ancien").click()
    visitor.wait_for_load_state()
    assert visitor.get_by_role("heading", level=1).inner_text() == "Zone UA — Centre ancien"
    assert_accessible(visitor)
    file_with(
        visitor, "form-zone", "Plus d'arbres dans le Panier.", "Nature, espaces verts et paysage"
    )
    assert visitor.get_by_text("enregistrée sous le n° 3").is_visible()
    assert Observation.objects.get(number=3).zone.code == "UA"

    # The commissioner publishes the passage's observation and answers it from her page.
    commissioner = pages()
    sign_in(commissioner, app_server, login="carol", password=PASSWORD)
    commissioner.goto(f"{app_server}/agents/debats/moderation/registres/plu-centre/")
    card = commissioner.get_by_role(
        "article", name="Observation n° 2 — Un passage d'un article", exact=False
    )
    card.get_by_label("Publier au registre").check()
    card.get_by_role("button", name="Enregistrer la décision").click()
    commissioner.wait_for_load_state()
    assert commissioner.get_by_text("L'observation n° 2 est publiée au registre.").is_visible()
    answer = commissioner.locator("#r2-text, [name=r2-text]").first
    answer.fill("La hauteur se mesure à l'égout du toit ; le rapport en dira plus.")
    answer.locator("xpath=ancestor::form").get_by_role("button", name="Publier la réponse").click()
    commissioner.wait_for_load_state()
    assert commissioner.get_by_text("La réponse à l'observation n° 2 est publiée.").is_visible()
    for number in (1, 3):
        register.moderate(
            observation=Observation.objects.get(number=number), moderator=city.people["carol"],
            publish_it=True,
        )  # fmt: skip

    visitor.goto(f"{app_server}{BASE}registre/")
    visitor.get_by_label("Article").select_option(label="Article UA 7 — Hauteur des constructions")
    visitor.get_by_label("Réponse", exact=True).select_option(label="Avec une réponse")
    visitor.get_by_role("button", name="Chercher").click()
    visitor.wait_for_load_state()
    found = visitor.get_by_role("article", name="Observation n° 2")
    assert found.get_by_text(f"« {PASSAGE} »").is_visible()
    assert found.get_by_role(
        "heading", name="Réponse — Le commissaire enquêteur", exact=False
    ).is_visible()
    assert found.get_by_text("le rapport en dira plus").is_visible()
    assert visitor.get_by_role("article", name="Observation n° 1").count() == 0
    assert_accessible(visitor)
    for url in (BASE, f"{BASE}articles/article-ua-7/", f"{BASE}registre/", f"{BASE}zones/UA/"):
        total, parts = measure(visitor, f"{app_server}{url}")
        assert 0 < total <= BUDGET, (url, parts)
        print(f"{url}: {total} bytes")


def test_a_phone_without_javascript_quotes_and_points(pages, app_server, plu):  # noqa: F811
    phone = pages(viewport=PHONE, java_script_enabled=False)
    phone.goto(f"{app_server}{BASE}articles/article-ua-7/")
    assert_accessible(phone)
    form = phone.locator("#form-passage")
    form.get_by_label("Le passage commenté").fill("excéder 20 mètres")
    form.get_by_label("Votre observation").fill("Vingt mètres ?")
    form.get_by_label("Thème").select_option(label="Hauteurs et densité")
    form.get_by_label("Votre nom").fill("Paul Durand")
    form.get_by_label("Votre adresse électronique").fill("paul@example.org")
    form.get_by_role("button", name="Déposer l'observation").click()
    assert (
        phone.get_by_role("alert")
        .get_by_text("Ce passage ne se trouve pas", exact=False)
        .is_visible()
    )
    assert_accessible(phone)
    # The form came back with what was typed: only the passage is corrected.
    phone.get_by_label("Le passage commenté").fill(PASSAGE)
    phone.get_by_role("button", name="Déposer l'observation").click()
    assert phone.get_by_text("enregistrée sous le n° 1").is_visible()
    assert Observation.objects.get().author_name == "Paul Durand"

    phone.goto(f"{app_server}{BASE}")
    phone.locator("svg a[href$='/zones/N/']").click()
    assert phone.get_by_role("heading", level=1).inner_text() == "Zone N — Fort Saint-Jean"
    phone.goto(f"{app_server}{BASE}observer/?cible=point")
    phone.get_by_label("Latitude").fill("43.296")
    phone.get_by_label("Longitude").fill("5.361")
    phone.get_by_label("Votre observation").fill("Un banc à l'ombre ici.")
    phone.get_by_label("Thème").select_option(label="Nature, espaces verts et paysage")
    phone.get_by_label("Votre nom").fill("Paul Durand")
    phone.get_by_label("Votre adresse électronique").fill("paul@example.org")
    assert_accessible(phone)
    phone.get_by_role("button", name="Déposer l'observation").click()
    assert phone.get_by_text("enregistrée sous le n° 2").is_visible()
    assert Observation.objects.get(number=2).zone.code == "N"


def test_a_click_on_the_map_gives_the_place(pages, app_server, plu):  # noqa: F811
    visitor = pages()
    visitor.goto(f"{app_server}{BASE}observer/?cible=point")
    label = visitor.locator("#carte-zonage text", has_text="UA")
    box = label.bounding_box()
    assert box is not None
    visitor.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2 + 12)
    assert visitor.url.endswith("?cible=point")  # the zone's link is not followed
    lat = float(visitor.get_by_label("Latitude").input_value())
    lon = float(visitor.get_by_label("Longitude").input_value())
    assert 43.297 < lat < 43.301 and 5.363 < lon < 5.370  # inside the UA square
    visitor.get_by_label("Votre observation").fill("Une fontaine ici.")
    visitor.get_by_label("Thème").select_option(label="Nature, espaces verts et paysage")
    visitor.get_by_label("Votre nom").fill("Lina")
    visitor.get_by_label("Votre adresse électronique").fill("lina@example.org")
    assert_accessible(visitor)
    visitor.get_by_role("button", name="Déposer l'observation").click()
    assert visitor.get_by_text("enregistrée sous le n° 1").is_visible()
    assert Observation.objects.get().zone.code == "UA"
