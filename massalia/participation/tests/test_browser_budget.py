"""In a browser without JavaScript, on a phone: Erin verifies her account with the census
file, chooses projects over the envelope and is told (her choices kept), votes within it,
then changes her ballot; the results of last year's vote state their rule. Each page
axe-clean and under 150 KB."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from massalia.eservices.tests.test_browser_creche_payment import BUDGET, weighed
from massalia.participation import ballots
from massalia.participation.models import Ballot, BallotChoice
from massalia.participation.tests.conftest import project_ids
from massalia.portal.tests.browser import PHONE, assert_accessible, sign_in
from massalia.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_verifies_votes_and_changes_the_ballot(live_server, nojs_page, city, budgets):
    ballots.import_census(
        process=budgets.open,
        agent=city.people["bob"],
        stream=io.StringIO("nom;prenom;date_naissance;code_postal\nMartin;Erin;03/04/1991;13001\n"),
        source="habitants.csv",
    )
    ids = project_ids(budgets.open)
    page = nojs_page
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, login="erin", password=PASSWORD)

    url = f"{live_server.url}{reverse('participation:budget', args=[budgets.open.slug])}"
    assert weighed(page, lambda: page.goto(url)) < BUDGET
    assert_accessible(page)
    page.get_by_role("link", name="Vérifier mon compte").click()
    assert_accessible(page)
    page.get_by_label("Nom de famille").fill("MARTIN")
    page.get_by_label("Prénom").fill("Erin")
    page.get_by_label("Date de naissance").fill("03/04/1991")
    page.get_by_label("Code postal de votre domicile").fill("13001")
    page.get_by_label("J'accepte que ces informations").check()
    page.get_by_role("button", name="Vérifier").click()
    assert page.get_by_text("Votre compte est vérifié : vous pouvez voter.").is_visible()

    page.get_by_label("Je choisis « Un jardin partagé »").check()
    page.get_by_label("Je choisis « Une fontaine »").check()
    assert (
        weighed(page, lambda: page.get_by_role("button", name="Valider mon bulletin").click())
        < BUDGET
    )
    assert page.get_by_text("Votre sélection coûte 110").is_visible()
    assert page.get_by_label("Je choisis « Un jardin partagé »").is_checked()
    assert page.get_by_label("Je choisis « Une fontaine »").is_checked()
    assert_accessible(page)
    assert not Ballot.objects.exists()

    page.get_by_label("Je choisis « Une fontaine »").uncheck()
    page.get_by_label("Je choisis « Des bancs à l'ombre »").check()
    page.get_by_role("button", name="Valider mon bulletin").click()
    assert page.get_by_text("Votre bulletin est enregistré. Merci !").is_visible()
    assert page.get_by_text("90\u202f000\u00a0€").first.is_visible()
    assert_accessible(page)

    page.get_by_label("Je choisis « Un jardin partagé »").uncheck()
    page.get_by_label("Je choisis « Une fontaine »").check()
    page.get_by_role("button", name="Modifier mon bulletin").click()
    assert page.get_by_text("Votre bulletin est modifié.").is_visible()
    ballot = Ballot.objects.get()
    assert ballot.voter == city.people["erin"]
    assert set(BallotChoice.objects.values_list("project_id", flat=True)) == {
        ids["Une fontaine"],
        ids["Des bancs à l'ombre"],
    }


def test_the_results_state_their_rule(live_server, nojs_page, city, budgets):
    ids = project_ids(budgets.closed)
    for name in ("alice", "bob"):
        ballot = Ballot.objects.create(process=budgets.closed, voter=city.people[name])
        BallotChoice.objects.create(ballot=ballot, project_id=ids["Une fontaine"])
    page = nojs_page
    page.set_viewport_size(PHONE)
    url = f"{live_server.url}{reverse('participation:budget_results', args=[budgets.closed.slug])}"
    assert weighed(page, lambda: page.goto(url)) < BUDGET
    assert page.get_by_role("heading", name="La règle publiée").is_visible()
    table = page.get_by_role("table", name="Les projets dans l'ordre de la règle publiée")
    assert table.get_by_role("row", name="Une fontaine").get_by_text("Retenu").is_visible()
    assert_accessible(page)


def test_with_javascript_the_total_follows_the_choices(live_server, page, city, budgets):
    from massalia.participation.tests.conftest import verified

    verified(budgets.open, city.people["erin"], city.people["bob"])
    sign_in(page, live_server.url, login="erin", password=PASSWORD)
    page.goto(f"{live_server.url}{reverse('participation:budget', args=[budgets.open.slug])}")
    over = page.locator(".ballot-over")
    assert not over.is_visible()
    page.get_by_label("Je choisis « Un jardin partagé »").check()
    assert "60\u202f000" in page.locator(".ballot-sum").inner_text()
    page.get_by_label("Je choisis « Une fontaine »").check()
    assert "110\u202f000" in page.locator(".ballot-sum").inner_text()
    assert over.is_visible()
    assert_accessible(page)
