"""Parallel clients on one slot: never more appointments than desks, and each one refused is
told why. Real threads, each with its own database connection, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from massalia.eservices import appointments
from massalia.eservices.models import Appointment, Slot
from massalia.eservices.tests.appointments_fixtures import (
    BOOKING,
    first_slot,
    next_weekday,
    town_hall,
)

pytestmark = pytest.mark.django_db(transaction=True)
CLIENTS = 12


def _race(targets: list[tuple[int, str]]) -> list[str]:
    """Each (slot id, ANTS number) books from its own thread, all released at once; returns
    "booked" or the refusal's message for each."""
    start = threading.Barrier(len(targets))
    outcomes: list[str] = [""] * len(targets)

    def client(i: int, slot_id: int, number: str) -> None:
        try:
            slot = Slot.objects.select_related("site").get(pk=slot_id)
            start.wait(timeout=30)
            details = {**BOOKING, "ants_number": number}
            appointments.book(slot=slot, **details)  # type: ignore[arg-type]
            outcomes[i] = "booked"
        except ValidationError as refused:
            outcomes[i] = " ".join(refused.messages)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=client, args=(i, slot_id, number))
        for i, (slot_id, number) in enumerate(targets)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_parallel_bookings_never_exceed_the_desks():
    slot = first_slot(town_hall(desks=3), next_weekday(1))
    outcomes = _race([(slot.pk, f"AB12CD{i:04d}") for i in range(CLIENTS)])
    assert Counter(outcomes) == {"booked": 3, appointments.FULL: CLIENTS - 3}
    slot.refresh_from_db()
    assert slot.booked == 3 == Appointment.objects.filter(slot=slot).count()


def test_one_pre_request_number_books_once_under_parallel_requests():
    site = town_hall(desks=2)
    first = first_slot(site, next_weekday(1))
    # Days ahead: today's first slots may be within the site's notice, refused for that.
    later = Slot.objects.filter(site=site, starts_at__gte=first.starts_at)
    slots = list(later.order_by("starts_at")[:6])
    outcomes = _race([(slot.pk, "SAME123456") for slot in slots])
    assert outcomes.count("booked") == 1
    refused = [o for o in outcomes if o != "booked"]
    assert refused and all("déjà un rendez-vous" in o for o in refused)
    assert Appointment.objects.filter(ants_number="SAME123456").count() == 1
    assert sum(Slot.objects.filter(site=site).values_list("booked", flat=True)) == 1
