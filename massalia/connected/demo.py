"""Demo water meters: households with months of hourly readings, a few leaks and a pool fill
hidden in them, their past years as daily aggregates (`massalia water demo`).

The readings go through the one ingestion service and the suspicions through the real review,
so the water department's inbox holds the cases a real city would see. Seeded: the same
meters, readings and suspicions on every run; a second run adds nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from massalia.accounts.models import User
from massalia.connected import ingest, partitions, tasks, watch
from massalia.connected.models import DailyAggregate, Device
from massalia.servicerequests.models import RequestType
from massalia.servicerequests.workflows import REPORT
from massalia.territory.models import Department, Quartier

PREFIX = "DEMO-EAU-"
# A household's day, share of its volume by local hour: quiet nights, mornings and evenings.
PROFILE = [0, 0, 0, 0, 0, 0, 0.6, 1.0, 0.5, 0.2, 0.1, 0.3, 0.5, 0.2, 0.1, 0.1, 0.1,
           0.2, 0.5, 0.6, 0.7, 0.4, 0.1, 0]  # fmt: skip
BATCH = 5000


@dataclass
class Loaded:
    meters: int
    readings: int
    suspicions: int

    def line(self) -> str:
        return f"meters={self.meters} readings={self.readings} suspicions={self.suspicions}"


def water_department() -> tuple[Department, RequestType]:
    """The water department and its private type (kept when the city already has them)."""
    department, _ = Department.objects.get_or_create(
        code="eau", defaults={"name": "Eau et assainissement", "email": "eau@ville.example"}
    )
    request_type, _ = RequestType.objects.get_or_create(
        code=watch.WATER_TYPE,
        defaults={
            "name": "Fuite ou consommation anormale (compteur d'eau)",
            "group": "Eau",
            "department": department,
            "is_public": False,
            "workflow": REPORT.code,
            "expected_days": 3,
        },
    )
    return department, request_type


def load(*, meters: int = 300, days: int = 120, now: datetime | None = None) -> Loaded:
    """Create `meters` demo meters (once) with `days` of hourly readings up to now."""
    if Device.objects.filter(identifier__startswith=PREFIX).exists():
        return Loaded(0, 0, 0)
    now = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
    pick = random.Random(18)
    water_department()
    quartiers = list(Quartier.objects.order_by("pk"))
    subscribers = list(User.objects.filter(is_staff=False).order_by("pk")[:20])
    devices = _meters(pick, meters, quartiers, subscribers)
    start = now - timedelta(days=days)
    partitions.prepare(tasks.months_between(start.date(), now.date()))
    zone = timezone.get_current_timezone()
    clock = [(start + timedelta(hours=h)).astimezone(zone) for h in range(days * 24)]
    pending: list[ingest.Incoming] = []
    count = 0
    for n, device in enumerate(devices):
        level = pick.uniform(0.5, 2.0)
        flows = _household(pick, level, clock)
        _inject(n, pick, flows, clock)
        index = pick.uniform(10_000, 900_000)
        for h in range(len(flows) + 1):
            if h and pick.random() < 0.01:
                index += flows[h - 1]
                continue  # a lost reading
            index += flows[h - 1] if h else 0.0
            moment = start + timedelta(hours=h)
            pending.append(ingest.Incoming(len(pending), device.identifier, moment.isoformat(),
                                           float(int(index))))  # fmt: skip
            if len(pending) >= BATCH:
                count += ingest.receive(pending, channel="file", now=now).stored
                pending = []
        _history(device, start.date(), days, level)
    if pending:
        count += ingest.receive(pending, channel="file", now=now).stored
    for device in devices:
        watch.review(device, now=now)
    Device.objects.filter(pk__in=[d.pk for d in devices]).update(
        review_pending=False, review_from=None
    )
    found = sum(d.suspicions.count() for d in devices)
    return Loaded(len(devices), count, found)


@transaction.atomic
def _meters(
    pick: random.Random, count: int, quartiers: list[Quartier], subscribers: list[User]
) -> list[Device]:
    rows = []
    for n in range(count):
        quartier = quartiers[n % len(quartiers)] if quartiers else None
        rows.append(
            Device(
                identifier=f"{PREFIX}{n:04d}",
                kind=Device.Kind.WATER_METER,
                name=f"Compteur {n + 1}",
                quartier=quartier,
                latitude=quartier.centroid_latitude if quartier else None,
                longitude=quartier.centroid_longitude if quartier else None,
                address=f"{pick.randint(1, 120)} rue de la démonstration",
                subscriber=subscribers[n] if n < len(subscribers) else None,
            )
        )
    return Device.objects.bulk_create(rows)


def _household(pick: random.Random, level: float, clock: list[datetime]) -> list[float]:
    flows = []
    for moment in clock:
        base = PROFILE[moment.hour] * 40 * level
        flow = max(0.0, pick.gauss(base, base * 0.5)) if base else 0.0
        if base and pick.random() < 0.01:
            flow += 60  # a washing machine
        flows.append(flow)
    return flows


def _inject(n: int, pick: random.Random, flows: list[float], clock: list[datetime]) -> None:
    """Meters 0, 7, 13: a leak running now; 21: a leak repaired three days ago; 3: a pool filled
    on four days a few weeks ago; 5: water running every night of the last week."""
    hours = len(flows)
    if n in (0, 7, 13):
        for h in range(hours - pick.randrange(30, 120), hours):
            flows[h] += pick.uniform(4, 25)
    elif n == 21:
        for h in range(hours - 24 * 8, hours - 24 * 3):
            flows[h] += 12
    elif n == 3:
        days = {clock[hours - 24 * 20].date() + timedelta(days=d) for d in range(4)}
        for h, moment in enumerate(clock):
            if moment.date() in days and 9 <= moment.hour < 19:
                flows[h] += 750  # a 30 m³ pool filled with a garden hose
    elif n == 5:
        last_week = {moment.date() for moment in clock[-24 * 7 :]}
        for h, moment in enumerate(clock):
            if moment.date() in last_week and 1 <= moment.hour < 5:
                flows[h] += 15


def _history(device: Device, first: date, days: int, level: float) -> None:
    """The household's two previous years, as the daily aggregates they would have left."""
    litres = 40 * level * sum(PROFILE) + 10
    rows: list[Any] = []
    for years in (1, 2):
        for d in range(-3, days + 3):
            day = first.replace(year=first.year - years) + timedelta(days=d)
            rows.append(DailyAggregate(device=device, day=day, litres=round(litres, 1), hours=24,
                                       estimated_hours=0, opens_measured=True,
                                       closes_measured=True, readings=24))  # fmt: skip
    DailyAggregate.objects.bulk_create(rows, ignore_conflicts=True)
