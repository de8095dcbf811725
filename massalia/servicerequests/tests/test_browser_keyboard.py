"""A citizen files a request with the keyboard only: no mouse, no click, from the home page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from massalia.servicerequests.models import ServiceRequest
from massalia.testing import PASSWORD, build_city

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where Leaflet's map pane sits once one press of an arrow key has panned it (80 px east):
# the map's centre then falls in Belsunce, while the default centre is outside every quartier.
PANNED_EAST = "translate3d(-80px, 0px, 0px)"

IS_FOCUSED = "el => el === document.activeElement"
FOCUS_STYLE = """() => {
  const style = getComputedStyle(document.activeElement);
  const width = parseFloat(style.outlineWidth);
  return {outline: style.outlineStyle, width: width, shadow: style.boxShadow};
}"""


@pytest.fixture
def town(transactional_db):
    return build_city()


def assert_focus_visible(page: Any) -> None:
    style = page.evaluate(FOCUS_STYLE)
    visible = (style["outline"] != "none" and style["width"] >= 2) or style["shadow"] != "none"
    assert visible, f"no visible focus on {page.evaluate('document.activeElement.outerHTML')}"


def tab_to(page: Any, target: Any, *, key: str = "Tab", limit: int = 60) -> None:
    """Press Tab (or Shift+Tab) until `target` has the focus, then check that it shows."""
    for _ in range(limit):
        page.keyboard.press(key)
        if target.evaluate(IS_FOCUSED):
            assert_focus_visible(page)
            return
    raise AssertionError(f"{key} never reached {target}")


def skip_to_content(page: Any) -> None:
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    assert skip.evaluate(IS_FOCUSED)
    assert_focus_visible(page)
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0  # shown once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def sign_in_with_the_keyboard(page: Any) -> None:
    skip_to_content(page)
    # Back up from the content into the menu.
    tab_to(page, page.get_by_role("link", name="Connexion", exact=True), key="Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/compte/connexion/"))
    tab_to(page, page.get_by_label("Adresse email ou identifiant"))
    page.keyboard.type("alice@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/mes-demandes/$"))


def place_the_point_with_the_keyboard(page: Any) -> None:
    opener = page.get_by_role("button", name="Indiquer le lieu sur une carte")
    tab_to(page, opener)
    page.keyboard.press("Space")
    the_map = page.locator("#carte-signalement")
    the_map.locator(".leaflet-map-pane").wait_for(state="attached")
    page.wait_for_function("() => document.activeElement.id === 'carte-signalement'")
    assert_focus_visible(page)
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "s => document.querySelector('#carte-signalement .leaflet-map-pane').style.transform === s",
        arg=PANNED_EAST,
    )
    tab_to(page, page.get_by_role("button", name="Placer le point au centre de la carte"))
    page.keyboard.press("Enter")
    page.get_by_text("Point choisi").wait_for()


def test_it_files_a_request_with_the_keyboard_only(page, live_server, town):
    page.goto(f"{live_server.url}/")
    sign_in_with_the_keyboard(page)
    tab_to(page, page.get_by_role("link", name="Signaler un problème"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/signaler/$"))
    tab_to(page, page.get_by_role("link", name="Nid-de-poule"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/signaler/nid-de-poule/$"))

    tab_to(page, page.get_by_label("Description du problème"))
    page.keyboard.type("Un trou profond devant la boulangerie")
    place_the_point_with_the_keyboard(page)
    size = page.get_by_label("Taille du trou")
    tab_to(page, size)
    page.keyboard.press("ArrowDown")
    assert size.input_value() == "petit"
    tab_to(page, page.get_by_role("button", name="Envoyer la demande"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/demandes/\d+/$"))

    filed = ServiceRequest.objects.get()
    assert filed.requester == town.people["alice"]
    assert filed.quartier == town.quartiers["BELSUNCE"]
    assert filed.attributes == {"taille": "petit"}
    assert page.get_by_role("heading", name=f"Nid-de-poule n° {filed.pk}").is_visible()


def test_it_files_a_request_by_quartier_with_the_keyboard(page, live_server, town):
    page.goto(f"{live_server.url}/signaler/tags/")
    skip_to_content(page)
    tab_to(page, page.get_by_label("Description du problème"))
    page.keyboard.type("Des tags sur la porte de l'église")
    quartier = page.get_by_label("Quartier")
    tab_to(page, quartier)
    while "Noailles" not in quartier.evaluate("el => el.selectedOptions[0].text"):
        page.keyboard.press("ArrowDown")
    tab_to(page, page.get_by_label("Votre adresse email"))
    page.keyboard.type("passant@example.org")
    tab_to(page, page.get_by_role("button", name="Envoyer la demande"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/signaler/envoye/(#contenu)?$"))
    filed = ServiceRequest.objects.get()
    assert filed.quartier == town.quartiers["NOAILLES"]
    assert filed.requester_email == "passant@example.org"
