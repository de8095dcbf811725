"""What the subscriber's page reads: their meters, recent days and suspicions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from massalia.connected.charts import Bar
from massalia.connected.models import DailyAggregate, Device, Suspicion

DAYS = 30


@dataclass
class MeterView:
    device: Device
    bars: list[Bar]
    suspicions: list[Suspicion]
    months: list[tuple[date, float]]

    @property
    def open_suspicions(self) -> list[Suspicion]:
        return [s for s in self.suspicions if s.closed_at is None]


def meters_of(user: Any) -> QuerySet[Device]:
    return Device.objects.filter(subscriber=user, kind=Device.Kind.WATER_METER)


def meter_view(device: Device, *, today: date | None = None) -> MeterView:
    today = today or timezone.localdate()
    first = today - timedelta(days=DAYS)
    suspicions = list(Suspicion.objects.filter(device=device).order_by("-start")[:20])
    zone = timezone.get_current_timezone()
    spans = [(s.start.astimezone(zone).date(), s.end.astimezone(zone).date()) for s in suspicions]
    rows = DailyAggregate.objects.filter(device=device, day__gte=first).order_by("day")
    bars = [Bar(row.day, row.litres, any(lo <= row.day <= hi for lo, hi in spans)) for row in rows]
    months: dict[date, float] = {}
    year_ago = today.replace(day=1) - timedelta(days=365)
    for day, litres in DailyAggregate.objects.filter(device=device, day__gte=year_ago).values_list(
        "day", "litres"
    ):
        key = day.replace(day=1)
        months[key] = months.get(key, 0.0) + litres
    return MeterView(device, bars, suspicions, sorted(months.items(), reverse=True))
