"""The appointment pages without JavaScript: choose, book, manage by link; the counter's day
list for its department only; hostile input refused with a message and nothing kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from massalia.eservices import appointments
from massalia.eservices.models import Appointment, Slot
from massalia.eservices.tests.appointments_fixtures import (
    BOOKING,
    first_slot,
    mobile_office,
    next_weekday,
    receptionist,
    town_hall,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def slot():
    return first_slot(town_hall(), next_weekday(1))


def _book_url(slot: Slot) -> str:
    week = slot.starts_at.date().isoformat()
    return reverse("eservices:appointment_site", args=[slot.site.slug]) + f"?semaine={week}"


def test_the_sites_page_lists_town_halls_and_the_mobile_offices_stops(client, slot):
    site, _ = mobile_office(next_weekday(2))
    appointments.open_slots(site)
    page = client.get(reverse("eservices:appointment_sites")).content.decode()
    assert "Mairie des 1er et 7e arrondissements" in page and "Premier créneau libre" in page
    assert "Place du marché de Noailles" in page and "4 créneaux libres" in page


def test_booking_without_an_account_then_managing_by_link(client, slot):
    page = client.get(_book_url(slot)).content.decode()
    assert f'value="{slot.pk}"' in page
    response = client.post(_book_url(slot), {"slot": slot.pk, **BOOKING})
    assert response.status_code == 302
    booked = Appointment.objects.get()
    manage = client.get(response["Location"]).content.decode()
    assert booked.reference in manage and "Annuler le rendez-vous" in manage
    token = response["Location"].rstrip("/").rsplit("/", 1)[1]
    ics = client.get(reverse("eservices:appointment_ics", args=[token]))
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content
    later = Slot.objects.filter(site=slot.site, starts_at__gt=slot.starts_at).first()
    moved = client.post(reverse("eservices:appointment_move", args=[token]), {"slot": later.pk})
    assert moved.status_code == 302
    booked.refresh_from_db()
    assert booked.slot_id == later.pk
    client.post(reverse("eservices:appointment_cancel", args=[token]))
    booked.refresh_from_db()
    assert booked.status == "cancelled"
    assert "Annuler le rendez-vous" not in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"ants_number": "123"}, "ants.gouv.fr"),
        ({"ants_number": "<script>x</script>"}, "ants.gouv.fr"),
        ({"email": "pas-une-adresse"}, "Adresse électronique invalide"),
        ({"name": "x" * 500}, "Nom et prénom"),
        ({"motive": "permis"}, "Pour"),
        ({"slot": "999999"}, "plus proposé"),
        ({"slot": "abc"}, "plus proposé"),
        ({"phone": "appelez-moi"}, "Numéro de téléphone invalide"),
    ],
)
def test_hostile_booking_input_is_refused_with_a_message(client, slot, change, field):
    response = client.post(_book_url(slot), {"slot": slot.pk, **BOOKING, **change})
    assert response.status_code == 400
    assert field in response.content.decode()
    assert not Appointment.objects.exists()
    slot.refresh_from_db()
    assert slot.booked == 0


def test_a_full_slot_is_said_on_the_page_and_the_form_is_kept(client):
    slot = first_slot(town_hall(desks=1), next_weekday(1))
    appointments.book(slot=slot, **{**BOOKING, "ants_number": "ZZ12CD34EF"})
    response = client.post(_book_url(slot), {"slot": slot.pk, **BOOKING})
    assert response.status_code == 400
    page = response.content.decode()
    assert "plus proposé" in page and 'value="Nadia Benali"' in page


def test_a_forged_link_is_a_404(client):
    assert client.get(reverse("eservices:appointment", args=["forged"])).status_code == 404
    assert client.post(reverse("eservices:appointment_cancel", args=["forged"])).status_code == 404


def test_the_day_list_is_for_the_sites_department_only(client, city, slot):
    booked = appointments.book(slot=slot, **BOOKING)
    day = slot.starts_at.date().isoformat()
    url = reverse("eservices:appointment_day", args=[slot.site.slug]) + f"?jour={day}"
    client.force_login(city.people["alice"])
    assert client.get(url).status_code == 403
    client.force_login(receptionist())
    page = client.get(url).content.decode()
    assert "Nadia Benali" in page and booked.ants_number in page
    mark = reverse("eservices:appointment_mark", args=[slot.site.slug, booked.pk])
    client.post(mark, {"came": "oui"})
    booked.refresh_from_db()
    assert booked.status == "booked"  # not before its hour: refused with a message


def test_an_agent_closes_a_day_from_the_counter_page(client, slot):
    appointments.book(slot=slot, **BOOKING)
    client.force_login(receptionist())
    day = slot.starts_at.date().isoformat()
    url = reverse("eservices:appointment_close", args=[slot.site.slug])
    refused = client.post(url, {"first_day": day, "last_day": "2020-01-01", "reason": "x"})
    assert refused.status_code == 302
    shown = client.get(refused["Location"]).content.decode()
    assert "Le dernier jour précède le premier" in shown
    assert Appointment.objects.get().status == "booked"
    client.post(url, {"first_day": day, "last_day": day, "reason": "Grève"})
    assert Appointment.objects.get().status == "cancelled"


def test_my_procedures_lists_the_accounts_appointments(client, city, slot):
    alice = city.people["alice"]
    appointments.book(slot=slot, user=alice, **BOOKING)
    client.force_login(alice)
    page = client.get(reverse("eservices:my_procedures")).content.decode()
    assert "Carte nationale d&#x27;identité" in page and "Prendre rendez-vous" in page


def test_the_inbox_shows_the_counters_sites_with_todays_appointments(client, city):
    from massalia.eservices.extensions import appointment_counters, appointment_links

    site = town_hall()
    agent = receptionist()
    assert [(c.label, c.value) for c in appointment_counters(agent)] == [("Rendez-vous du jour", 0)]
    assert appointment_links(agent) == [
        (f"Accueil · {site.name}", reverse("eservices:appointment_day", args=[site.slug]))
    ]
    assert appointment_counters(city.people["alice"]) == []


def test_the_inbox_counts_todays_booked_appointments_per_site():
    import datetime

    from django.utils import timezone

    from massalia.eservices.extensions import appointment_counters

    site = town_hall()
    site.notice_hours = 0
    site.save()
    start = timezone.localtime() + datetime.timedelta(seconds=30)
    if start.date() != timezone.localdate():
        pytest.skip("a slot starting in 30 seconds would be tomorrow's")
    slot = Slot.objects.create(
        site=site, starts_at=start, ends_at=start + datetime.timedelta(minutes=20), capacity=2
    )
    appointments.book(slot=slot, **BOOKING)
    [counter] = appointment_counters(receptionist())
    assert (counter.label, counter.value) == (f"Rendez-vous du jour · {site.name}", 1)
