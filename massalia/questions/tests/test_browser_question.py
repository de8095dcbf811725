"""On a phone without JavaScript: Alice asks Olga, a deputy mayor, a question under a
pseudonym; the City's moderator publishes it from the reading queue; Olga answers from the
back-office; Alice reads the answer on the question's page and Olga's answer times on hers.
Each page axe-clean and under 150 KB."""

from __future__ import annotations

import pytest
from django.urls import reverse

from massalia.eservices.tests.test_browser_creche_payment import BUDGET, weighed
from massalia.portal.tests.browser import PHONE, assert_accessible, sign_in
from massalia.questions.models import Question
from massalia.questions.tests.conftest import make_recipients
from massalia.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_asks_and_reads_the_officials_answer(live_server, pages, city):
    make_recipients(city)
    alice = pages(java_script_enabled=False, viewport=PHONE)
    alice.context.massalia_no_js = True
    sign_in(alice, live_server.url, login="alice", password=PASSWORD)
    listing = f"{live_server.url}{reverse('questions:questions')}"
    assert weighed(alice, lambda: alice.goto(listing)) < BUDGET
    assert_accessible(alice)
    alice.get_by_role("link", name="Poser une question").first.click()
    assert_accessible(alice)
    alice.get_by_label("À qui posez-vous votre question ?").select_option(
        label="Olga Martin, Adjointe au maire chargée de la propreté"
    )
    alice.get_by_label("Objet de la question").fill("Les poubelles du cours Julien")
    alice.get_by_role("textbox", name="Votre question").fill(
        "Quand seront-elles vidées le dimanche ?"
    )
    alice.get_by_label("Pseudonyme (facultatif)").fill("Une voisine")
    assert (
        weighed(alice, lambda: alice.get_by_role("button", name="Envoyer ma question").click())
        < BUDGET
    )
    assert alice.get_by_text("Votre question est transmise").is_visible()
    assert alice.get_by_text("attend sa relecture par la Ville").is_visible()
    assert_accessible(alice)

    asked = Question.objects.get()
    root = pages(java_script_enabled=False, viewport=PHONE)
    root.context.massalia_no_js = True
    sign_in(root, live_server.url, login="root", password=PASSWORD)
    queue = f"{live_server.url}{reverse('questions_agents:moderation')}"
    assert weighed(root, lambda: root.goto(queue)) < BUDGET
    assert_accessible(root)
    root.get_by_label("Publier").check()
    root.get_by_role("button", name="Enregistrer la décision").click()
    assert root.get_by_text("est publiée").is_visible()
    assert_accessible(root)

    olga = pages(java_script_enabled=False, viewport=PHONE)
    olga.context.massalia_no_js = True
    sign_in(olga, live_server.url, login="olga", password=PASSWORD)
    desk = f"{live_server.url}{reverse('questions_agents:desk')}"
    assert weighed(olga, lambda: olga.goto(desk)) < BUDGET
    assert_accessible(olga)
    olga.get_by_role("link", name="Les poubelles du cours Julien").click()
    assert_accessible(olga)
    olga.get_by_role("textbox", name="Réponse").fill(
        "Un ramassage le dimanche à 7 h dès le mois prochain."
    )
    olga.get_by_role("button", name="Publier la réponse").click()
    assert olga.get_by_text("La réponse est publiée").is_visible()

    page = f"{live_server.url}{reverse('questions:question', args=[asked.pk])}"
    assert weighed(alice, lambda: alice.goto(page)) < BUDGET
    assert alice.get_by_text("Un ramassage le dimanche à 7 h dès le mois prochain.").is_visible()
    assert alice.get_by_text("Question de Une voisine").is_visible()
    assert_accessible(alice)
    alice.get_by_role("link", name="Les questions à Olga Martin et ses délais de réponse").click()
    assert alice.get_by_text("Délai médian de réponse").is_visible()
    assert_accessible(alice)
