"""A town hall open Monday to Friday mornings, and the mobile office with one stop."""

from __future__ import annotations

import datetime

from django.utils import timezone

from massalia.accounts.models import Membership, User
from massalia.eservices import appointments
from massalia.eservices.models import OpeningHours, Site, Slot, Stop
from massalia.territory.models import Department


def next_weekday(weekday: int, *, after_days: int = 2) -> datetime.date:
    day = timezone.localdate() + datetime.timedelta(days=after_days)
    while day.weekday() != weekday:
        day += datetime.timedelta(days=1)
    return day


def civil_status() -> Department:
    return Department.objects.get_or_create(
        code="etat-civil", defaults={"name": "État civil", "email": "etat-civil@ville.test"}
    )[0]


def town_hall(*, desks: int = 2) -> Site:
    site = Site.objects.create(
        slug="mairie-1-7",
        name="Mairie des 1er et 7e arrondissements",
        kind=Site.Kind.TOWN_HALL,
        address="61 La Canebière",
        department=civil_status(),
        desks=desks,
        slot_minutes=20,
    )
    for weekday in range(5):
        OpeningHours.objects.create(
            site=site, weekday=weekday, opens=datetime.time(9), closes=datetime.time(12)
        )
    return site


def mobile_office(day: datetime.date) -> tuple[Site, Stop]:
    site = Site.objects.create(
        slug="bureau-itinerant",
        name="Bureau municipal itinérant",
        kind=Site.Kind.MOBILE,
        department=civil_status(),
        desks=1,
        slot_minutes=30,
    )
    stop = Stop.objects.create(
        site=site,
        day=day,
        opens=datetime.time(14),
        closes=datetime.time(16),
        place="Place du marché de Noailles",
        address="Rue du Marché des Capucins",
    )
    return site, stop


def first_slot(site: Site, day: datetime.date) -> Slot:
    appointments.open_slots(site)
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=appointments.zone())
    return Slot.objects.filter(site=site, starts_at__gte=start).order_by("starts_at")[0]


def receptionist() -> User:
    agent = User.objects.create_user(username="guichet", email="guichet@ville.test", password="x")
    Membership.objects.create(user=agent, department=civil_status())
    return agent


BOOKING: dict[str, str] = {
    "motive": "cni",
    "ants_number": "AB12CD34EF",
    "name": "Nadia Benali",
    "email": "nadia@example.org",
}
