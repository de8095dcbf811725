"""Reset a forgotten password on a phone, without JavaScript, every page axe clean."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from massalia.portal.tests.browser import PHONE, assert_accessible, sign_in
from massalia.testing import build_city

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "un-autre-mot-de-passe-2027"


@pytest.fixture
def town(transactional_db):
    return build_city()


def test_a_citizen_resets_a_forgotten_password_on_a_phone(pages, live_server, town):
    base = live_server.url
    page = pages(viewport=PHONE, java_script_enabled=False)
    page.goto(f"{base}/compte/connexion/")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    assert_accessible(page)

    page.get_by_role("button", name="Recevoir le lien").click()  # no address
    page.get_by_text("Indiquez l'adresse email de votre compte.").wait_for()
    assert_accessible(page)

    page.get_by_label("Adresse email de votre compte").fill("alice@example.org")
    page.get_by_role("button", name="Recevoir le lien").click()
    page.get_by_role("heading", name="Vérifiez votre messagerie").wait_for()
    assert_accessible(page)

    (message,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/compte/mot-de-passe/\S+/)", str(message.body))
    assert link, message.body
    page.goto(base + link.group(1))
    page.get_by_role("heading", name="Choisir un nouveau mot de passe").wait_for()
    assert_accessible(page)

    page.get_by_label("Nouveau mot de passe", exact=False).first.fill("court")
    page.get_by_label("Nouveau mot de passe (confirmation)").fill("court")
    page.get_by_role("button", name="Enregistrer le nouveau mot de passe").click()
    page.get_by_text("trop court", exact=False).first.wait_for()
    assert_accessible(page)

    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.get_by_label("Nouveau mot de passe (confirmation)").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer le nouveau mot de passe").click()
    page.get_by_role("heading", name="Votre mot de passe est changé").wait_for()
    assert_accessible(page)

    sign_in(page, base, login="alice@example.org", password=NEW_PASSWORD)
    assert page.url.endswith("/mes-demandes/")
    assert_accessible(page)

    # The link served once.
    again = page.goto(base + link.group(1))
    assert again is not None and again.status == 404
    page.get_by_role("heading", name="Lien non valable").wait_for()
    assert_accessible(page)
