"""An appointment as an iCalendar event (RFC 5545), attached to its emails.

The event's UID is the appointment's reference, and its SEQUENCE grows with each change, so a
calendar that received the confirmation updates the event when it is moved, and removes it
when it is cancelled (STATUS:CANCELLED, METHOD:CANCEL).
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Alarm, Calendar, Event

from massalia.eservices.models import Appointment

MIME = "text/calendar"


def event_calendar(appointment: Appointment) -> Calendar:
    from massalia.eservices.appointments import manage_url, where

    cancelled = appointment.status == Appointment.Status.CANCELLED
    place, address = where(appointment)
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.CITY_NAME}//Rendez-vous//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add(
        "uid", f"{appointment.reference}@{urlsplit(settings.SITE_URL).hostname or 'massalia'}"
    )
    event.add("sequence", appointment.sequence)
    event.add("dtstamp", appointment.changed_at)
    event.add("dtstart", appointment.slot.starts_at)
    event.add("dtend", appointment.slot.ends_at)
    event.add("summary", f"Rendez-vous : {appointment.get_motive_display()}")
    event.add("location", f"{place}, {address}" if address else place)
    event.add(
        "description",
        f"Référence {appointment.reference}. Pré-demande ANTS {appointment.ants_number} :"
        " apportez son récapitulatif, vos pièces justificatives et vos photos d'identité.\n"
        f"Déplacer ou annuler : {manage_url(appointment)}",
    )
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if not cancelled:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", "Rendez-vous demain")
        alarm.add("trigger", -datetime.timedelta(days=1))
        event.add_component(alarm)
    calendar.add_component(event)
    return calendar


def attachment(appointment: Appointment) -> tuple[str, bytes, str]:
    return (f"rendez-vous-{appointment.reference}.ics", event_calendar(appointment).to_ical(), MIME)
