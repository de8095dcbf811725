"""In a browser without JavaScript, on a phone: a parent makes the household, enrols one child
at the sector school and asks a derogation for another; the agent decides from the list of
enrolments and the family is told, by email and on its page. Axe-clean, each page."""

from __future__ import annotations

import pytest
from django.core import mail

from massalia.eservices import services
from massalia.eservices.levels import Level
from massalia.eservices.models import Capacity, Enrolment, School
from massalia.portal.tests.browser import PHONE, assert_accessible, sign_in
from massalia.testing import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("school_map", "education"),
]


def add_child(page, first_name: str, birth_date: str) -> None:
    page.get_by_role("link", name="Ajouter un enfant").click()
    page.get_by_label("Prénom").fill(first_name)
    page.get_by_label("Nom (obligatoire)", exact=True).fill("Martin")
    page.get_by_label("Date de naissance").fill(birth_date)
    page.get_by_role("button", name="Enregistrer").click()


def test_a_family_enrols_and_the_agent_decides_without_javascript(
    live_server, nojs_page, city, edith
):
    Capacity.objects.create(
        school=School.objects.get(code="paradis-e"),
        level=Level.CP,
        school_year=services.current_school_year(),  # the year the enrolment page offers
        seats=10,
    )
    page = nojs_page
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, login="alice@example.org", password=PASSWORD)
    page.goto(f"{live_server.url}/demarches/")
    assert_accessible(page)
    page.get_by_role("link", name="Créer mon foyer").click()
    page.get_by_label("Numéro (obligatoire)", exact=True).fill("12")
    page.get_by_label("Voie").fill("rue Paradis")
    page.get_by_role("button", name="Créer mon foyer").click()
    assert_accessible(page)
    add_child(page, "Lina", "2020-03-04")
    add_child(page, "Noé", "2020-05-06")
    assert "Lina Martin" in page.inner_text("main") and "Noé Martin" in page.inner_text("main")

    page.get_by_role("link", name="Inscrire un enfant à l'école").first.click()
    main = page.inner_text("main")
    assert "École élémentaire Paradis" in main and "numéros pairs 2–40" in main
    assert_accessible(page)
    page.get_by_label("Enfant").select_option(label="Lina Martin")
    page.get_by_label("Niveau à la rentrée").select_option(Level.CP)
    page.get_by_role("button", name="Déposer la demande d'inscription").click()
    assert "Inscription de Lina en" in page.inner_text("main")

    page.goto(f"{live_server.url}/demarches/inscription-scolaire/")
    page.get_by_label("Enfant").select_option(label="Noé Martin")
    page.get_by_label("Niveau à la rentrée").select_option(Level.CP)
    page.get_by_label("Demander une autre école").select_option(label="École élémentaire Lodi")
    page.get_by_label("Un frère ou une sœur est déjà scolarisé").check()
    page.get_by_role("button", name="Déposer la demande d'inscription").click()
    assert "Inscription de Noé en" in page.inner_text("main")
    assert_accessible(page)
    lina, noe = Enrolment.objects.order_by("child__first_name")
    assert (lina.is_derogation, noe.is_derogation) == (False, True)
    assert noe.requested_school.code == "lodi-e" and noe.derogation_reasons == ["fratrie"]

    page.context.clear_cookies()
    sign_in(page, live_server.url, login="edith", password=PASSWORD)
    page.goto(f"{live_server.url}/agents/")
    page.get_by_role("link", name="Suivi des inscriptions scolaires").click()
    assert_accessible(page)
    page.get_by_label("Dérogation").select_option(label="École de secteur")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_label(f"Cocher la demande n° {lina.case_id}").check()
    assert not page.get_by_label(f"Cocher la demande n° {noe.case_id}").count()
    mail.outbox.clear()
    page.get_by_role("button", name="Décider").click()
    assert "1 inscription(s) acceptée(s)" in page.inner_text("main")
    lina.refresh_from_db()
    assert lina.case.status == "accepted"
    told = [m for m in mail.outbox if m.to == ["alice@example.org"]]
    assert told and any("acceptée" in m.subject + m.body for m in told), [m.subject for m in told]
    assert all(m.to == ["alice@example.org"] for m in mail.outbox)

    page.context.clear_cookies()
    sign_in(page, live_server.url, login="alice@example.org", password=PASSWORD)
    page.goto(f"{live_server.url}/demarches/")
    lina_card = page.locator(".card", has_text="Inscription de Lina").inner_text()
    assert "Acceptée" in lina_card and "Lettre de confirmation" in lina_card
    page.get_by_role("link", name=f"Lettre de confirmation de la demande n° {lina.case_id}").click()
    assert "École élémentaire Paradis" in page.inner_text("main")
    assert_accessible(page)
