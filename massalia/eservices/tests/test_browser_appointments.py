"""In a browser without JavaScript, on a phone: book at the mobile office's stop, move the
appointment, cancel it; the counter's agent sees the day. Axe-clean, each page."""

from __future__ import annotations

import pytest

from massalia.eservices import appointments
from massalia.eservices.models import Appointment
from massalia.eservices.tests.appointments_fixtures import (
    mobile_office,
    next_weekday,
    receptionist,
    town_hall,
)
from massalia.portal.tests.browser import PHONE, assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def sites(transactional_db):
    hall = town_hall()
    site, stop = mobile_office(next_weekday(2))
    for each in (hall, site):
        appointments.open_slots(each)
    return site, stop


def test_book_move_and_cancel_at_the_mobile_office_without_javascript(
    live_server, nojs_page, sites
):
    page = nojs_page
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/demarches/rendez-vous/")
    assert_accessible(page)
    page.get_by_role("link", name="Place du marché de Noailles").click()
    assert_accessible(page)
    page.get_by_label("14:30").check()
    page.get_by_label("Carte nationale d'identité", exact=True).check()
    page.get_by_label("Numéro de pré-demande ANTS").fill("ab12 cd34 ef")
    page.get_by_label("Nom et prénom").fill("Nadia Benali")
    page.get_by_label("Adresse électronique").fill("nadia@example.org")
    page.get_by_role("button", name="Réserver ce rendez-vous").click()
    assert page.get_by_role("heading", name="Votre rendez-vous").is_visible()
    assert "14:30" in page.inner_text("main") and "AB12CD34EF" in page.inner_text("main")
    assert_accessible(page)

    page.get_by_role("link", name="Déplacer le rendez-vous").click()
    page.get_by_label("15:30").check()
    page.get_by_role("button", name="Déplacer sur ce créneau").click()
    assert "15:30" in page.inner_text("main")
    booked = Appointment.objects.get()
    assert booked.slot.starts_at.astimezone(appointments.zone()).strftime("%H:%M") == "15:30"

    page.get_by_role("button", name="Annuler le rendez-vous").click()
    assert "Annulé" in page.inner_text("main")
    assert not page.get_by_role("button", name="Annuler le rendez-vous").count()
    booked.refresh_from_db()
    assert booked.status == "cancelled" and booked.slot.booked == 0


def test_a_full_slot_is_explained_and_the_form_kept(live_server, nojs_page, sites):
    site, stop = sites
    slot = stop.slots.order_by("starts_at").first()
    page = nojs_page
    page.goto(
        f"{live_server.url}/demarches/rendez-vous/lieu/{site.slug}/?etape={stop.pk}"
        f"&semaine={stop.day.isoformat()}"
    )
    page.get_by_label("14:00").check()
    appointments.book(slot=slot, motive="cni", ants_number="ZZ12CD34EF", name="X", email="x@x.fr")
    page.get_by_label("Passeport", exact=True).check()
    page.get_by_label("Numéro de pré-demande ANTS").fill("AB12CD34EF")
    page.get_by_label("Nom et prénom").fill("Nadia Benali")
    page.get_by_label("Adresse électronique").fill("nadia@example.org")
    page.get_by_role("button", name="Réserver ce rendez-vous").click()
    summary = page.get_by_role("alert")
    assert "plus proposé" in summary.inner_text()
    assert page.get_by_label("Nom et prénom").input_value() == "Nadia Benali"
    assert_accessible(page)


def test_the_counter_sees_its_day(live_server, page, sites):
    site, stop = sites
    slot = stop.slots.order_by("starts_at").first()
    appointments.book(
        slot=slot,
        motive="passeport",
        ants_number="AB12CD34EF",
        name="Nadia Benali",
        email="nadia@example.org",
    )
    agent = receptionist()
    agent.set_password("secret-guichet")
    agent.save()
    sign_in(page, live_server.url, login="guichet", password="secret-guichet")
    page.goto(f"{live_server.url}/demarches/rendez-vous/accueil/{site.slug}/?jour={stop.day}")
    row = page.get_by_role("row", name="Nadia Benali")
    assert "AB12CD34EF" in row.inner_text() and "Réservé" in row.inner_text()
    assert_accessible(page)
