"""A mediator at the counter files a report for a person who is not online, hands her the
receipt; the person later takes over her account and finds the request in "Mes demandes"."""

import re

import pytest
from django.core import mail

from massalia.accounts import mandates
from massalia.accounts.models import Mandate, User
from massalia.portal.tests.browser import assert_accessible, sign_in
from massalia.servicerequests.models import ServiceRequest
from massalia.testing import PASSWORD, build_city

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "un-mot-de-passe-bien-a-moi-7"


@pytest.fixture
def town(transactional_db):
    return build_city()


def test_a_mediator_files_for_a_person_who_then_takes_over_her_account(
    nojs_page, live_server, town
):
    page = nojs_page
    mediator = User.objects.create_user(
        username="mona", email="mona@example.org", password=PASSWORD, is_mediator=True
    )
    person = User(username="personne-zed", email="zed@example.org", display_name="Zed Amrani")
    person.set_unusable_password()
    person.save()
    mandates.record(mediator=mediator, person=person, method=Mandate.Method.values[0])

    sign_in(page, live_server.url, login="mona@example.org", password=PASSWORD)
    page.goto(f"{live_server.url}/compte/mediation/")
    assert_accessible(page)
    page.get_by_role("button", name="Agir pour Zed Amrani").click()
    page.goto(f"{live_server.url}/signaler/tags/")
    assert "Vous agissez pour Zed Amrani" in page.content()
    page.get_by_label("Description du problème").fill("Tags sur la porte de l'immeuble")
    page.get_by_label("Quartier").select_option(label="Noailles")
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer la demande").click()
    filed = ServiceRequest.objects.get()
    page.get_by_role("heading", name=f"Reçu de la demande n° {filed.pk}").wait_for()
    assert "Tags et graffitis" in page.content() and "Noailles" in page.content()
    assert_accessible(page)
    assert filed.requester == person

    page.context.clear_cookies()  # the mediator is gone; the person is at home
    reset = next(
        m for m in mail.outbox if m.to == ["zed@example.org"] and "/mot-de-passe/" in m.body
    )
    link = re.search(r"/compte/mot-de-passe/\S+/", reset.body)
    assert link is not None
    page.goto(f"{live_server.url}{link.group(0)}")
    page.get_by_label(re.compile(r"^Nouveau mot de passe \(obligatoire")).fill(NEW_PASSWORD)
    page.get_by_label("Nouveau mot de passe (confirmation)").fill(NEW_PASSWORD)
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer le nouveau mot de passe").click()
    page.get_by_role("heading", name="Votre mot de passe est changé").wait_for()
    sign_in(page, live_server.url, login="zed@example.org", password=NEW_PASSWORD)
    page.goto(f"{live_server.url}/mes-demandes/")
    page.get_by_role("link", name=f"Tags et graffitis n° {filed.pk}").wait_for()
    assert_accessible(page)
