"""A subscriber's water meters as personal data: what they download (their meters, days and
suspicions), what erasing their account does (the meter stays with the dwelling, no longer
linked to them), and how long raw readings are kept (`CONNECTED_READINGS_RETENTION_DAYS`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from massalia.connected import partitions
from massalia.connected.models import Device, Reading
from massalia.core.privacy import Counts, PersonalData, Retention, cutoff

RETENTION = "CONNECTED_READINGS_RETENTION_DAYS"


def export(user: Any) -> dict[str, Any]:
    meters = Device.objects.filter(subscriber=user).prefetch_related("days", "suspicions")
    if not meters:
        return {}
    return {
        "meters": [
            {
                "identifier": d.identifier,
                "kind": d.get_kind_display(),
                "address": d.address,
                "days": [{"day": a.day.isoformat(), "litres": a.litres} for a in d.days.all()],
                "suspicions": [
                    {
                        "kind": s.get_kind_display(),
                        "start": s.start.isoformat(),
                        "end": s.end.isoformat(),
                        "litres": s.litres,
                    }
                    for s in d.suspicions.all()
                ],
            }
            for d in meters
        ]
    }


def erase(user: Any) -> Counts:
    return {"meters_unlinked": Device.objects.filter(subscriber=user).update(subscriber=None)}


def purge(now: datetime, dry_run: bool) -> Counts:
    old = Reading.objects.filter(time__lt=cutoff(now, RETENTION))
    if dry_run:
        return {"meter_readings": old.count()}
    partitions.drop_before(cutoff(now, RETENTION))
    deleted, _ = old.delete()
    return {"meter_readings": deleted}


PART = PersonalData(
    name="connected",
    export=export,
    erase=erase,
    purge=purge,
    retention={"meter_readings": Retention("relevés bruts des compteurs", RETENTION)},
    sections=("meters",),
    erases=("meters_unlinked",),
)
