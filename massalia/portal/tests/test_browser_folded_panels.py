"""On a phone the menu and a list's filters fold into their buttons, without JavaScript; on a
wide screen they are open and the buttons are not there."""

from __future__ import annotations

import pytest

from massalia.portal.tests.browser import PHONE, open_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


def test_on_a_phone_the_menu_opens_from_its_button(live_server, nojs_page):
    nojs_page.set_viewport_size(PHONE)
    nojs_page.goto(f"{live_server.url}/")
    menu = nojs_page.get_by_role("navigation", name="Navigation principale")
    assert not menu.is_visible()
    header_height = nojs_page.locator("header").bounding_box()["height"]
    assert header_height < PHONE["height"] / 6, header_height
    open_menu(nojs_page)
    assert menu.get_by_role("link", name="Demandes").is_visible()


def test_on_a_wide_screen_the_menu_is_open_without_its_button(live_server, nojs_page):
    nojs_page.set_viewport_size(DESKTOP)
    nojs_page.goto(f"{live_server.url}/")
    assert nojs_page.get_by_role("link", name="Demandes", exact=True).first.is_visible()
    assert not nojs_page.locator("summary", has_text="Menu").is_visible()


def test_on_a_phone_the_filters_fold_and_say_how_many_apply(live_server, nojs_page):
    nojs_page.set_viewport_size(PHONE)
    nojs_page.goto(f"{live_server.url}/demandes/")
    state = nojs_page.get_by_label("État")
    assert not state.is_visible()
    nojs_page.locator("summary", has_text="Filtres").click()
    state.select_option(label="Terminées")
    nojs_page.get_by_role("button", name="Filtrer").click()
    assert nojs_page.locator("summary").filter(has_text="Filtres (1 actif)").is_visible()
    assert state.is_visible()  # the panel stays open while filters apply
