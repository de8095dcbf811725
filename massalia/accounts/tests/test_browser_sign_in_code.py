"""Sign in by an emailed code on a phone, without JavaScript: every page axe clean and under
150 KB, landing where the role says."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from massalia.portal.tests.browser import PHONE, assert_accessible
from massalia.testing import build_city

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 150 * 1024


@pytest.fixture
def town(transactional_db):
    return build_city()


def weighed(page, action) -> int:
    """Bytes received (headers and bodies) by the page `action` leads to, and what it loads."""
    received: dict[str, int] = {}

    def count(request) -> None:
        sizes = request.sizes()
        received[request.url] = sizes["responseHeadersSize"] + sizes["responseBodySize"]

    page.on("requestfinished", count)
    action()
    page.wait_for_load_state("load")
    page.remove_listener("requestfinished", count)
    return sum(received.values())


def _code(address: str) -> str:
    message = [m for m in mail.outbox if m.to == [address]][-1]
    found = re.search(r"^(\d{6})$", str(message.body), re.MULTILINE)
    assert found, message.body
    return found.group(1)


@pytest.mark.parametrize(
    ("who", "landing", "heading"),
    [("alice", "/mes-demandes/", "Mes demandes"), ("bob", "/agents/", "Espace agents")],
)
def test_a_person_signs_in_with_an_emailed_code_on_a_phone(
    pages, live_server, town, who, landing, heading
):
    base = live_server.url
    page = pages(viewport=PHONE, java_script_enabled=False)
    assert weighed(page, lambda: page.goto(f"{base}/compte/connexion/")) < BUDGET
    assert_accessible(page)
    assert (
        weighed(
            page, lambda: page.get_by_role("link", name="Recevoir un code par courriel").click()
        )
        < BUDGET
    )
    page.get_by_role("heading", name="Recevoir un code par courriel").wait_for()
    assert_accessible(page)

    page.get_by_role("button", name="Recevoir le code").click()  # no address
    page.get_by_text("Indiquez l'adresse email de votre compte.").wait_for()
    assert_accessible(page)

    page.get_by_label("Adresse email de votre compte").fill(f"{who}@example.org")
    size = weighed(page, lambda: page.get_by_role("button", name="Recevoir le code").click())
    page.get_by_role("heading", name="Saisir le code reçu").wait_for()
    assert size < BUDGET
    assert_accessible(page)

    page.get_by_label("Code reçu par courriel").fill("12")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Le code se compose de 6 chiffres", exact=False).first.wait_for()
    assert_accessible(page)

    page.get_by_label("Code reçu par courriel").fill(_code(f"{who}@example.org"))
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{base}{landing}")
    page.get_by_role("heading", name=heading).first.wait_for()
    assert_accessible(page)
