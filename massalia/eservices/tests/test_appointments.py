"""Identity-card appointments: slots from hours and stops, booking, moving, cancelling, the
counter's check, closures, reminders, and the emails with their calendar event."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from massalia.eservices import appointments
from massalia.eservices.models import Appointment, Closure, Slot
from massalia.eservices.tests.appointments_fixtures import (
    BOOKING,
    first_slot,
    mobile_office,
    next_weekday,
    receptionist,
    town_hall,
)

pytestmark = pytest.mark.django_db

MONDAY, SATURDAY = 0, 5


def test_slots_follow_the_weekly_hours_and_skip_closures():
    site = town_hall()
    monday = next_weekday(MONDAY)
    Closure.objects.create(site=site, first_day=monday, last_day=monday, reason="Férié")
    created = appointments.open_slots(site)
    assert created > 0
    assert appointments.open_slots(site) == 0  # opened once
    days = {timezone.localtime(s.starts_at).date() for s in Slot.objects.filter(site=site)}
    assert monday not in days
    assert next_weekday(SATURDAY) not in days
    tuesday = monday + datetime.timedelta(days=1)
    hours = [
        timezone.localtime(s.starts_at).strftime("%H:%M")
        for s in Slot.objects.filter(site=site).order_by("starts_at")
        if timezone.localtime(s.starts_at).date() == tuesday
    ]
    assert hours == [f"{h:02d}:{m:02d}" for h in (9, 10, 11) for m in (0, 20, 40)]


def test_the_mobile_office_opens_slots_only_at_its_stops():
    day = next_weekday(2)
    site, stop = mobile_office(day)
    appointments.open_slots(site)
    slots = list(Slot.objects.filter(site=site).order_by("starts_at"))
    assert [timezone.localtime(s.starts_at).strftime("%H:%M") for s in slots] == [
        "14:00",
        "14:30",
        "15:00",
        "15:30",
    ]
    assert {s.stop_id for s in slots} == {stop.pk} and {s.capacity for s in slots} == {1}


def test_booking_takes_a_desk_and_sends_the_confirmation_with_a_calendar_event(on_commit):
    slot = first_slot(town_hall(), next_weekday(1))
    with on_commit():
        booked = appointments.book(slot=slot, **{**BOOKING, "ants_number": "ab12-cd34 ef"})
    slot.refresh_from_db()
    assert slot.booked == 1 and booked.ants_number == "AB12CD34EF"
    [message] = mail.outbox
    assert "Rendez-vous réservé" in message.subject and booked.reference in message.body
    link = re.search(r"/rendez-vous/gerer/([^/\s]+)/", message.body)
    assert link and appointments.by_token(link[1]) == booked
    name, content, mime = message.attachments[0]
    assert mime == "text/calendar" and name.endswith(".ics")
    [event] = Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("dtstart") == slot.starts_at
    assert str(event["status"]) == "CONFIRMED" and "61 La Canebière" in str(event["location"])


def test_a_full_slot_refuses_with_a_clear_message_and_keeps_nothing():
    slot = first_slot(town_hall(desks=1), next_weekday(1))
    appointments.book(slot=slot, **BOOKING)
    with pytest.raises(ValidationError) as refused:
        appointments.book(slot=slot, **{**BOOKING, "ants_number": "ZZ12CD34EF"})
    assert refused.value.message_dict["slot"] == [appointments.FULL]
    assert Appointment.objects.count() == 1
    slot.refresh_from_db()
    assert slot.booked == 1


def test_a_pre_request_number_holds_one_appointment_to_come():
    site = town_hall()
    slot = first_slot(site, next_weekday(1))
    appointments.book(slot=slot, **BOOKING)
    other = Slot.objects.filter(site=site).exclude(pk=slot.pk).first()
    with pytest.raises(ValidationError, match="déjà un rendez-vous"):
        appointments.book(slot=other, **BOOKING)
    other.refresh_from_db()
    assert other.booked == 0


@pytest.mark.parametrize("number", ["AB12CD34E", "AB12CD34EF1", "AB12CD34É1", ""])
def test_a_malformed_pre_request_number_says_how_to_get_one(number):
    slot = first_slot(town_hall(), next_weekday(1))
    with pytest.raises(ValidationError) as refused:
        appointments.book(slot=slot, **{**BOOKING, "ants_number": number})
    assert "ants.gouv.fr" in refused.value.message_dict["ants_number"][0]
    slot.refresh_from_db()
    assert slot.booked == 0


def test_a_slot_within_the_notice_is_not_bookable():
    slot = first_slot(town_hall(), next_weekday(1))
    too_close = slot.starts_at - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as refused:
        appointments.book(slot=slot, now=too_close, **BOOKING)
    assert refused.value.message_dict["slot"] == [appointments.TOO_LATE]


def test_moving_takes_the_new_desk_before_freeing_the_old(on_commit):
    site = town_hall(desks=1)
    first = first_slot(site, next_weekday(1))
    later = Slot.objects.filter(site=site, starts_at__gt=first.starts_at).order_by("starts_at")
    second, third = later[:2]
    booked = appointments.book(slot=first, **BOOKING)
    appointments.book(slot=third, **{**BOOKING, "ants_number": "ZZ12CD34EF"})
    with pytest.raises(ValidationError):
        appointments.reschedule(booked, slot=third)  # full: stays where it was
    booked.refresh_from_db()
    assert booked.slot_id == first.pk
    with on_commit():
        appointments.reschedule(booked, slot=second)
    counts = dict(Slot.objects.filter(pk__in=[first.pk, second.pk]).values_list("pk", "booked"))
    assert counts == {first.pk: 0, second.pk: 1}
    [message] = mail.outbox
    assert "déplacé" in message.subject
    [event] = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
    assert event.decoded("dtstart") == second.starts_at and int(event["sequence"]) == 1


def test_cancelling_frees_the_desk_once(on_commit):
    slot = first_slot(town_hall(), next_weekday(1))
    booked = appointments.book(slot=slot, **BOOKING)
    with on_commit():
        assert appointments.cancel(booked, reason="Annulé par le demandeur") is True
    assert appointments.cancel(booked) is False  # twice frees nothing more
    slot.refresh_from_db()
    assert slot.booked == 0
    [message] = mail.outbox
    [event] = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
    assert str(event["status"]) == "CANCELLED" and int(event["sequence"]) == 1
    # The number is free again.
    appointments.book(slot=slot, **BOOKING)


def test_closing_cancels_the_booked_and_tells_each_applicant(on_commit):
    site = town_hall()
    tuesday = next_weekday(1)
    slot = first_slot(site, tuesday)
    booked = appointments.book(slot=slot, **BOOKING)
    with on_commit():
        n = appointments.close(site=site, first_day=tuesday, last_day=tuesday, reason="Travaux")
    assert n == 1
    booked.refresh_from_db()
    assert booked.status == "cancelled" and "Travaux" in booked.cancel_reason
    assert "Travaux" in mail.outbox[0].body
    assert not Slot.objects.bookable(site).filter(pk=slot.pk).exists()


def test_the_counter_marks_from_the_slots_hour_on():
    slot = first_slot(town_hall(), next_weekday(1))
    booked = appointments.book(slot=slot, **BOOKING)
    agent = receptionist()
    with pytest.raises(ValidationError):
        appointments.mark(booked, attended=False, by=agent)
    appointments.mark(booked, attended=False, by=agent, now=slot.starts_at)
    booked.refresh_from_db()
    assert booked.status == "no_show" and booked.marked_by == agent


def test_reminders_go_once_the_day_before(on_commit):
    tuesday = next_weekday(1)
    slot = first_slot(town_hall(), tuesday)
    appointments.book(slot=slot, **BOOKING)
    evening_before = datetime.datetime.combine(
        tuesday - datetime.timedelta(days=1), datetime.time(18), tzinfo=appointments.zone()
    )
    assert appointments.send_reminders(now=evening_before.isoformat()) == 1
    assert appointments.send_reminders(now=evening_before.isoformat()) == 0
    assert "Rappel" in mail.outbox[-1].subject


def test_an_account_downloads_and_erases_its_appointments(city):
    from massalia.eservices.privacy import PERSONAL_DATA

    alice = city.people["alice"]
    slot = first_slot(town_hall(), next_weekday(1))
    appointments.book(slot=slot, user=alice, **BOOKING)
    [exported] = PERSONAL_DATA.exported(alice)["appointments"]
    assert exported["ants_number"] == "AB12CD34EF" and exported["site"] == slot.site.name
    assert PERSONAL_DATA.erased(alice)["appointments"] == 1
    slot.refresh_from_db()
    assert slot.booked == 0 and not Appointment.objects.exists()
