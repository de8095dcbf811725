"""In a browser without JavaScript, on a phone: a resident links her anonymous city card by
its number, tops it up through the test provider (which notifies the platform over HTTP),
comes back with her receipt and reads the new balance and the movement on her card's page.
Axe-clean and under 150 KB, each page."""

from __future__ import annotations

import pytest

from massalia.citycard import services
from massalia.citycard.models import Card
from massalia.citycard.tests.conftest import number
from massalia.portal.tests.browser import PHONE, assert_accessible, sign_in
from massalia.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BUDGET = 150 * 1024


def weighed(page, action) -> int:
    """Bytes received (headers and bodies) by the page `action` leads to, and what it loads."""
    received: dict[str, int] = {}

    def count(request) -> None:
        sizes = request.sizes()
        received[request.url] = sizes["responseHeadersSize"] + sizes["responseBodySize"]

    page.on("requestfinished", count)
    action()
    page.wait_for_load_state("networkidle")
    page.remove_listener("requestfinished", count)
    return sum(received.values())


def test_a_resident_links_her_card_and_tops_it_up_online(live_server, nojs_page, city):
    services.issue_card(number=number(1))
    page = nojs_page
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, login="alice@example.org", password=PASSWORD)

    assert weighed(page, lambda: page.goto(f"{live_server.url}/carte-ville/")) < BUDGET
    assert "Aucune carte n'est encore rattachée" in page.inner_text("main")
    assert_accessible(page)
    page.get_by_label("Numéro de la carte").fill("1234")
    page.get_by_role("button", name="Rattacher la carte").click()
    assert "16 chiffres" in page.inner_text("main")
    assert_accessible(page)

    page.get_by_label("Numéro de la carte").fill(number(1))
    size = weighed(page, lambda: page.get_by_role("button", name="Rattacher la carte").click())
    assert size < BUDGET
    main = page.inner_text("main")
    assert "La carte est rattachée" in page.inner_text("body") and "0,00" in main
    assert_accessible(page)

    page.get_by_label("20 €").check()
    page.get_by_role("button", name="Continuer vers le paiement").click()
    assert "Vous rechargez 20,00" in page.inner_text("main")
    assert_accessible(page)
    page.get_by_role("button", name="Payer en ligne").click()
    assert "Prestataire de test" in page.inner_text("body")
    page.get_by_role("button", name="Payer", exact=True).click()

    # Back on the receipt, after the provider's notification reached the platform.
    assert "Reçu de paiement" in page.inner_text("main")
    assert_accessible(page)
    card = Card.objects.get()
    card.account.refresh_from_db()
    assert card.account.balance_cents == 2000

    size = weighed(page, lambda: page.goto(f"{live_server.url}/carte-ville/{card.pk}/"))
    assert size < BUDGET
    main = page.inner_text("main")
    assert "20,00" in main and "Rechargement en ligne" in main
    assert_accessible(page)


def test_she_declares_her_card_lost_in_arabic(live_server, nojs_page, city):
    card = services.issue_card(number=number(2), holder=city.people["alice"])
    page = nojs_page
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, login="alice@example.org", password=PASSWORD)
    page.goto(f"{live_server.url}/langue/ar/?suivant=/carte-ville/{card.pk}/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert "رصيد المحفظة" in page.inner_text("main")
    assert_accessible(page)
    page.get_by_role("link", name="الإبلاغ عن فقدان البطاقة").click()
    assert_accessible(page)
    page.get_by_role("button", name="إيقاف البطاقة").click()
    assert "مُبلَّغ عن فقدانها" in page.inner_text("main")
    card.refresh_from_db()
    assert card.status == Card.Status.LOST
