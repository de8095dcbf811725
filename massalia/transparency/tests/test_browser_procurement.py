"""Procurement's public pages in a real browser: a filtered search leads to a contract, with
JavaScript and without, on a phone and a desktop; axe finds nothing serious; each page weighs
at most 150 KB on the wire (the house's measure, WhiteNoise and compression included)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest

from massalia.demo import procurement
from massalia.portal.tests.browser import PHONE, assert_accessible
from massalia.portal.tests.test_browser_weight import (  # noqa: F401 (fixtures)
    app_server,
    assert_light,
    collected,
)
from massalia.transparency import selectors
from massalia.transparency.models import Contract
from massalia.transparency.views import PAGE_SIZE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
ADAPTED = "Procédure adaptée"
MINIMUM = "20000"


@pytest.fixture
def demo(transactional_db: Any) -> list[Contract]:
    """Three pages of the demo's contracts, through the real import."""
    counts = procurement.load(count=3 * PAGE_SIZE)
    assert counts.imported > 2 * PAGE_SIZE, counts.line()
    return list(Contract.objects.all())


def _filtered() -> list[Contract]:
    found = selectors.contracts({"procedure": ADAPTED, "montant_min": int(MINIMUM)})
    return list(found)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("script", [True, False], ids=["js", "nojs"])
def test_it_searches_with_filters_and_opens_a_contract(pages, live_server, demo, viewport, script):
    expected = _filtered()
    assert 1 < len(expected) < len(demo)  # the filters do filter
    visitor = pages(viewport=viewport, java_script_enabled=script)
    visitor.goto(f"{live_server.url}/marches-publics/")
    assert visitor.get_by_role("heading", level=1).inner_text() == "Marchés publics"
    assert visitor.locator("table.contracts tbody tr").count() == PAGE_SIZE
    assert_accessible(visitor)

    visitor.get_by_label("Procédure").select_option(ADAPTED)
    visitor.get_by_label("Montant HT minimum (€)").fill(MINIMUM)
    visitor.get_by_role("button", name="Rechercher").click()
    visitor.wait_for_url("**/marches-publics/?*")
    status = visitor.get_by_role("status").first.inner_text()
    assert status.startswith(f"{len(expected)} contrat"), status
    rows = visitor.locator("table.contracts tbody tr")
    assert rows.count() == min(PAGE_SIZE, len(expected))
    assert rows.nth(0).locator("td").nth(3).inner_text() == ADAPTED
    assert_accessible(visitor)
    if script:
        assert visitor.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    first = expected[0]
    visitor.get_by_role("link", name=first.subject[:40]).first.click()
    visitor.wait_for_url(f"**/marches-publics/contrats/{first.pk}/")
    assert visitor.get_by_role("heading", level=1).inner_text() == first.subject
    assert f"n° {first.decp_id}" in visitor.locator(".lead").inner_text()
    assert visitor.get_by_role("heading", name="Historique").is_visible()
    assert_accessible(visitor)
    if script:
        assert visitor.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_it_finds_no_serious_issue_on_the_other_pages(pages, live_server, demo, viewport):
    contract = demo[0]
    holder = contract.holders.select_related("supplier").first()
    assert holder is not None
    visitor = pages(viewport=viewport)
    for path in (
        f"/marches-publics/titulaires/{holder.supplier.pk}/",
        f"/marches-publics/acheteurs/{contract.buyer.pk}/",
        "/marches-publics/statistiques/",
        "/marches-publics/?montant_min=beaucoup",  # the form with its error summary
    ):
        visitor.goto(live_server.url + path)
        assert visitor.locator("h1").count() == 1, path
        assert_accessible(visitor)


def test_every_procurement_page_weighs_at_most_150_kb(pages, app_server, demo):  # noqa: F811
    contract = demo[0]
    holder = contract.holders.select_related("supplier").first()
    assert holder is not None
    query = urlencode({"procedure": ADAPTED, "montant_min": MINIMUM})
    paths = {
        "recherche": "/marches-publics/",
        "recherche filtrée": f"/marches-publics/?{query}",
        "contrat": f"/marches-publics/contrats/{contract.pk}/",
        "titulaire": f"/marches-publics/titulaires/{holder.supplier.pk}/",
        "acheteur": f"/marches-publics/acheteurs/{contract.buyer.pk}/",
        "graphiques": "/marches-publics/statistiques/",
    }
    weights = assert_light(pages, app_server, paths)
    # A full page of contracts leaves compressed, and is light even before that (about 20 KB):
    # the filters offer each choice once. One option per contract made it 28 KB with these
    # 75 contracts, 94 KB with the demo's 600.
    visitor = pages()
    response = visitor.goto(f"{app_server}/marches-publics/")
    assert visitor.locator("table.contracts tbody tr").count() == PAGE_SIZE
    assert response.headers.get("content-encoding") in {"gzip", "br"}, response.headers
    html = len(response.body())
    assert html < 24_000, (html, weights)
