"""The first flow end to end, in a real browser: a citizen reports, the right agent answers."""

import re

import pytest
from django.core import mail

from massalia.portal.tests.browser import assert_accessible, sign_in
from massalia.servicerequests.models import ServiceRequest
from massalia.testing import PASSWORD, build_city

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def town(transactional_db):
    return build_city()


def citizen_reports_a_dark_streetlight(page, base_url: str) -> ServiceRequest:
    sign_in(page, base_url, login="alice@example.org", password=PASSWORD)
    page.goto(f"{base_url}/signaler/")
    page.get_by_role("link", name="Lampadaire éteint").click()
    assert_accessible(page)
    page.get_by_label("Description du problème").fill("Le lampadaire devant le 3 est éteint")
    page.get_by_label("Quartier").select_option(label="Noailles")
    page.get_by_role("button", name="Envoyer la demande").click()
    page.wait_for_url(re.compile(r"/demandes/\d+/$"))
    assert_accessible(page)
    return ServiceRequest.objects.get()


def agent_resolves_it(page, base_url: str, filed: ServiceRequest) -> None:
    sign_in(page, base_url, login="erin@example.org", password=PASSWORD)
    page.goto(f"{base_url}/agents/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Éclairage public")).first.click()
    assert_accessible(page)
    page.locator(f"a[href='/agents/demandes/{filed.pk}/']").first.click()
    page.get_by_role("heading", name=f"Demande n° {filed.pk} : Lampadaire éteint").wait_for()
    assert_accessible(page)
    page.get_by_label("Nouveau statut").select_option("resolved")
    page.get_by_label("Message au demandeur (public)").fill("Ampoule remplacée ce matin.")
    page.get_by_label("Note interne (facultative)").fill("Équipe de nuit, mât 1204")
    page.get_by_role("button", name="Enregistrer le statut").click()
    page.get_by_text("Ampoule remplacée ce matin.").first.wait_for()


def test_a_report_reaches_the_right_department_and_comes_back_answered(pages, live_server, town):
    citizen = pages()
    filed = citizen_reports_a_dark_streetlight(citizen, live_server.url)
    assert filed.department == town.departments["eclairage"]
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]  # the acknowledgement

    # An agent of another department does not even see the inbox.
    other = pages()
    sign_in(other, live_server.url, login="dave@example.org", password=PASSWORD)
    response = other.goto(f"{live_server.url}/agents/eclairage/")
    assert response is not None and response.status == 403

    agent = pages()
    mail.outbox.clear()
    agent_resolves_it(agent, live_server.url, filed)

    filed.refresh_from_db()
    assert filed.status == "resolved"
    citizen.goto(f"{live_server.url}/demandes/{filed.pk}/")
    assert "résolue" in citizen.locator(".status").first.inner_text()
    assert "Ampoule remplacée ce matin." in citizen.content()
    assert "mât 1204" not in citizen.content()
    assert_accessible(citizen)
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert "résolue" in mail.outbox[0].subject
    assert "Ampoule remplacée ce matin." in mail.outbox[0].body
    assert "mât 1204" not in mail.outbox[0].body
