"""Demo of the identity-card appointments: the eight sector town halls' counters, the mobile
office's weekly stops in the quartiers, their slots, and bookings (idempotent).

Slots are opened by the real service; bookings are written in bulk with each slot's count of
desks taken, so the demo sends no email.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from massalia.eservices import appointments
from massalia.eservices.models import Appointment, OpeningHours, Site, Slot, Stop
from massalia.territory.models import Department, SectorTownHall

MOBILE = "bureau-itinerant"
# (place, address) of the mobile office's stops, two a week, in turn.
STOPS = (
    ("Centre social Flamants-Iris", "Avenue Alexandre Ansaldi, 13014 Marseille"),
    ("Place des Capucins", "Place des Capucins, 13001 Marseille"),
    ("Mairie annexe de Saint-Marcel", "Boulevard de la Valbarelle, 13011 Marseille"),
    ("Place Sébastopol", "Place Sébastopol, 13004 Marseille"),
    ("Maison de quartier de la Castellane", "Boulevard Henri Barnier, 13016 Marseille"),
    ("Parvis de la bibliothèque de Bonneveine", "Avenue de Hambourg, 13008 Marseille"),
)
NAMES = ["Nadia B.", "Marc D.", "Fatima H.", "Julien R.", "Aïcha M.", "Pierre L.", "Mei N."]
FILLED = 0.35  # the share of the coming fortnight's desks taken


@transaction.atomic
def load(*, seed: int = 13, today: datetime.date | None = None) -> int:
    """Make sure the demo sites and their bookings exist; returns how many were booked now."""
    today = today or timezone.localdate()
    department = Department.objects.get(code="etat-civil")
    sites = [_town_hall(hall, department) for hall in SectorTownHall.objects.all()]
    sites.append(_mobile_office(department, today))
    for site in sites:
        appointments.open_slots(site, today=today)
    if Appointment.objects.exists():
        return 0
    return _book(sites, random.Random(seed), today)


def _town_hall(hall: SectorTownHall, department: Department) -> Site:
    site, created = Site.objects.get_or_create(
        town_hall=hall,
        defaults={
            "slug": f"mairie-secteur-{hall.number}",
            "name": hall.name,
            "kind": Site.Kind.TOWN_HALL,
            "address": hall.address,
            "latitude": hall.latitude,
            "longitude": hall.longitude,
            "department": department,
            "desks": 2 + hall.number % 2,
        },
    )
    if created:
        OpeningHours.objects.bulk_create(
            OpeningHours(site=site, weekday=day, opens=opens, closes=closes)
            for day in range(5)
            for opens, closes in (
                (datetime.time(8, 30), datetime.time(12)),
                (datetime.time(13, 30), datetime.time(16, 30)),
            )
        )
    return site


def _mobile_office(department: Department, today: datetime.date) -> Site:
    site, _ = Site.objects.get_or_create(
        slug=MOBILE,
        defaults={
            "name": "Bureau municipal itinérant",
            "kind": Site.Kind.MOBILE,
            "department": department,
            "desks": 1,
            "slot_minutes": 30,
        },
    )
    monday = today - datetime.timedelta(days=today.weekday())
    for week in range(6):
        for turn, weekday in enumerate((1, 3)):  # Tuesdays and Thursdays
            day = monday + datetime.timedelta(days=7 * week + weekday)
            place, address = STOPS[(2 * week + turn) % len(STOPS)]
            Stop.objects.get_or_create(
                site=site,
                day=day,
                defaults={
                    "opens": datetime.time(9, 30),
                    "closes": datetime.time(15, 30),
                    "place": place,
                    "address": address,
                },
            )
    return site


def _book(sites: list[Site], pick: random.Random, today: datetime.date) -> int:
    until = datetime.datetime.combine(
        today + datetime.timedelta(days=14), datetime.time.min, tzinfo=appointments.zone()
    )
    rows: list[Appointment] = []
    taken: dict[int, int] = {}
    slots = Slot.objects.filter(site__in=sites, starts_at__lt=until, booked=0)
    for slot in slots:
        for _ in range(slot.capacity):
            if pick.random() < FILLED:
                n = len(rows)
                rows.append(
                    Appointment(
                        reference=f"DEMO{n:04d}",
                        slot=slot,
                        motive=pick.choice(Appointment.Motive.values),
                        ants_number=f"DM{n:08d}",
                        name=pick.choice(NAMES),
                        email=f"rdv{n}@example.org",
                    )
                )
                taken[slot.pk] = taken.get(slot.pk, 0) + 1
    Appointment.objects.bulk_create(rows)
    changed = list(Slot.objects.filter(pk__in=taken))
    for slot in changed:
        slot.booked = taken[slot.pk]
    Slot.objects.bulk_update(changed, ["booked"])
    return len(rows)
