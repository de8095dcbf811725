"""Counts of taps by line, stop and facility, for the card office and the pulse.

Counts only: no card is named. They add the anonymous counts (`TapCount`, taps older than
48 hours) to the taps still within the retention, so a figure does not change when the
reduction runs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from massalia.citycard.models import Device, Facility, Tap, TapCount


@dataclass(frozen=True)
class PlaceCount:
    """Taps at one place: a line and stop, or a kind of facility and its place."""

    kind: str  # "line" or "facility"
    name: str  # "Ligne 2 — Joliette", "piscines — Piscine Vallier"
    accepted: int
    refused: int

    @property
    def total(self) -> int:
        return self.accepted + self.refused


def _place(device: Device) -> tuple[str, str]:
    if device.kind == Device.Kind.GATE:
        label = dict(Facility.choices).get(device.facility, device.facility)
        return "facility", f"{label} — {device.place or device.code}"
    return "line", f"Ligne {device.line or '?'} — {device.stop or device.code}"


def _by_device(since: datetime, until: datetime) -> dict[int, list[int]]:
    """device id → [accepted, refused] between `since` and `until`."""
    found: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    live = (
        Tap.objects.filter(at__gte=since, at__lt=until)
        .values("device_id")
        .annotate(
            yes=Count("pk", filter=Q(accepted=True)), no=Count("pk", filter=Q(accepted=False))
        )
    )
    for row in live:
        found[row["device_id"]][0] += row["yes"]
        found[row["device_id"]][1] += row["no"]
    reduced = (
        TapCount.objects.filter(hour__gte=since, hour__lt=until)
        .values("device_id")
        .annotate(
            yes=Sum("count", filter=Q(accepted=True)), no=Sum("count", filter=Q(accepted=False))
        )
    )
    for row in reduced:
        found[row["device_id"]][0] += row["yes"] or 0
        found[row["device_id"]][1] += row["no"] or 0
    return found


def counts_by_place(
    *, days: int = 7, since: datetime | None = None, until: datetime | None = None
) -> list[PlaceCount]:
    """Taps by line and stop, then by facility, over the last `days` (or a period), the
    busiest first."""
    until = until or timezone.now()
    since = since or until - timedelta(days=days)
    per_device = _by_device(since, until)
    merged: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for device in Device.objects.filter(pk__in=per_device):
        yes, no = per_device[device.pk]
        merged[_place(device)][0] += yes
        merged[_place(device)][1] += no
    rows = [PlaceCount(kind, name, yes, no) for (kind, name), (yes, no) in merged.items()]
    return sorted(rows, key=lambda r: (r.kind, -r.total, r.name))


@dataclass(frozen=True)
class Figures:
    taps: int
    accepted: int
    refused: int
    lines: list[PlaceCount]
    facilities: list[PlaceCount]


def figures(*, since: datetime | None = None, until: datetime | None = None) -> Figures:
    """The city card's figures over a period (the last 7 days by default), for the pulse."""
    rows = counts_by_place(since=since, until=until)
    return Figures(
        taps=sum(r.total for r in rows),
        accepted=sum(r.accepted for r in rows),
        refused=sum(r.refused for r in rows),
        lines=[r for r in rows if r.kind == "line"],
        facilities=[r for r in rows if r.kind == "facility"],
    )
