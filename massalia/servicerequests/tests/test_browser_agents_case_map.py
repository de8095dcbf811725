"""The agents' case page on a phone: its place as text and an OpenStreetMap link without
JavaScript, a small map on demand with it; the shortcuts' help; axe clean, under 150 KB."""

from __future__ import annotations

import pytest

from massalia.portal.tests.browser import PHONE, assert_accessible, sign_in
from massalia.testing import PASSWORD, build_city, file_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 150 * 1024


@pytest.fixture
def case(transactional_db, fresh_indexes):
    city = build_city()
    return file_request(city, "nid-de-poule", where="NOAILLES")


def weighed(page, action) -> int:
    received: dict[str, int] = {}

    def count(request) -> None:
        sizes = request.sizes()
        received[request.url] = sizes["responseHeadersSize"] + sizes["responseBodySize"]

    page.on("requestfinished", count)
    action()
    page.wait_for_load_state("load")
    page.remove_listener("requestfinished", count)
    return sum(received.values())


@pytest.mark.parametrize("js", [False, True], ids=["without-js", "with-js"])
def test_an_agent_sees_where_the_case_is_on_a_phone(pages, live_server, case, js):
    base = live_server.url
    page = pages(viewport=PHONE, java_script_enabled=js)
    sign_in(page, base, login="bob", password=PASSWORD)
    url = f"{base}/agents/demandes/{case.pk}/"
    assert weighed(page, lambda: page.goto(url)) < BUDGET
    quartier = case.quartier.display_name
    page.get_by_text(
        f"Position : {case.latitude:.5f}, {case.longitude:.5f} — {quartier}"
    ).wait_for()
    assert page.get_by_role("link", name="Voir ce point sur OpenStreetMap").is_visible()
    page.get_by_text("Raccourcis clavier", exact=True).last.click()
    page.get_by_text("aller à l'emplacement", exact=False).wait_for()
    assert_accessible(page)
    button = page.get_by_role("button", name="Afficher la carte")
    if not js:
        assert not button.is_visible()  # the map's box stays hidden: the text says it all
        return
    button.click()
    region = page.get_by_role("region", name=f"Carte de l'emplacement de la demande n° {case.pk}")
    region.wait_for()
    page.locator(".leaflet-container").wait_for()
    assert_accessible(page)
