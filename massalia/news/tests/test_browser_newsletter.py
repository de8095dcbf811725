"""On a phone with JavaScript off: a resident reads the news, subscribes to the newsletter,
confirms it from the email, then unsubscribes from the confirmation page's link; a signed-in
resident manages it from their account. Axe finds nothing serious; pages weigh under 150 KB."""

from __future__ import annotations

import pytest
from django.core import mail

from massalia.news import selectors
from massalia.news.tests.conftest import link_in
from massalia.portal.tests.browser import PHONE, assert_accessible, sign_in
from massalia.portal.tests.test_browser_weight import (  # noqa: F401 (fixtures)
    BUDGET,
    app_server,
    collected,
    measure,
)
from massalia.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def news(write):
    for n in range(12):
        write(f"Actualité numéro {n:02d}", theme=("mer", "ecoles")[n % 2], days_ago=n + 2)
    return write("Le port en fête", image=True, quartiers=("LA JOLIETTE",), days_ago=1)


def test_a_phone_subscribes_confirms_and_unsubscribes(pages, app_server, news):  # noqa: F811
    mail.outbox.clear()
    visitor = pages(viewport=PHONE, java_script_enabled=False)
    visitor.goto(f"{app_server}/actualites/")
    assert visitor.get_by_role("heading", level=1).inner_text() == "Actualités"
    assert_accessible(visitor)
    visitor.get_by_role("link", name="Le port en fête").click()
    visitor.wait_for_url("**/actualites/articles/le-port-en-f-te/")
    assert visitor.get_by_role("img", name="Le Vieux-Port au lever du soleil").is_visible()
    assert_accessible(visitor)

    visitor.get_by_role("link", name="Recevoir la lettre d'information").click()
    visitor.wait_for_url("**/actualites/lettre/")
    assert_accessible(visitor)
    visitor.get_by_label("Votre adresse électronique").fill("voisine@example.org")
    visitor.get_by_label("Mer et littoral").check()
    visitor.get_by_role("button", name="M'abonner").click()
    visitor.wait_for_url("**/actualites/lettre/envoyee/")
    assert_accessible(visitor)

    (message,) = mail.outbox
    visitor.goto(app_server + link_in(message, "/actualites/lettre/confirmer/"))
    assert_accessible(visitor)
    visitor.get_by_role("button", name="Confirmer mon abonnement").click()
    assert visitor.get_by_role("heading", level=1).inner_text() == "Abonnement confirmé"
    assert_accessible(visitor)
    assert selectors.receives("voisine@example.org")

    visitor.get_by_role("link", name="Se désabonner").click()
    visitor.get_by_role("button", name="Confirmer le désabonnement").click()
    assert visitor.get_by_role("heading", level=1).inner_text() == "Désabonnement confirmé"
    assert not selectors.receives("voisine@example.org")


def test_a_signed_in_resident_manages_the_newsletter_from_their_account(
    pages,
    app_server,  # noqa: F811
    news,
):
    resident = pages(viewport=PHONE, java_script_enabled=False)
    sign_in(resident, app_server, login="alice@example.org", password=PASSWORD)
    resident.goto(f"{app_server}/compte/")
    resident.get_by_role("link", name="Ma lettre d'information").click()
    resident.wait_for_url("**/actualites/lettre/mon-abonnement/")
    assert_accessible(resident)
    resident.get_by_label("Écoles").check()
    resident.get_by_role("button", name="M'abonner").click()
    assert resident.get_by_text("Vos choix pour la lettre d'information sont enregistrés.")
    assert selectors.receives("alice@example.org")
    resident.get_by_role("button", name="Ne plus recevoir la lettre").click()
    assert resident.get_by_text("Vous ne recevrez plus la lettre d'information.").is_visible()
    assert not selectors.receives("alice@example.org")


@pytest.mark.parametrize(
    "path",
    ["/actualites/", "/actualites/articles/le-port-en-f-te/", "/actualites/lettre/", "/"],
)
def test_each_page_is_light_on_a_phone(pages, app_server, news, path):  # noqa: F811
    total, parts = measure(pages(viewport=PHONE, java_script_enabled=False), app_server + path)
    assert 0 < total <= BUDGET, parts
