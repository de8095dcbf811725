"""What area alerts give the rest of the site: their pages as links, their personal data.

Registered by the app's ready() (`register`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse

from massalia.accounts.models import User
from massalia.core.extensions import provide
from massalia.core.privacy import Counts, PersonalData, Retention, cutoff
from massalia.core.privacy import register as register_personal_data
from massalia.servicerequests.models import AreaAlert


def register() -> None:
    provide("servicerequests.area_alerts", lambda: reverse("servicerequests:area_alert_new"))
    provide("servicerequests.my_alerts", lambda: reverse("servicerequests:my_alerts"))
    provide(
        "servicerequests.area_alert_confirm",
        lambda token: reverse("servicerequests:area_alert_confirm", args=[token]),
    )
    provide(
        "servicerequests.area_alert_remove",
        lambda token: reverse("servicerequests:area_alert_remove", args=[token]),
    )
    register_personal_data(PERSONAL_DATA)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export(user: User) -> dict[str, Any]:
    """The person's alerts: their area, themes and dates."""
    rows = AreaAlert.objects.filter(user=user).select_related("quartier").order_by("id")
    return {
        "area_alerts": [
            {
                "quartier": alert.quartier.name if alert.quartier else None,
                "address": alert.address,
                "latitude": alert.latitude,
                "longitude": alert.longitude,
                "radius_m": alert.radius_m,
                "groups": list(alert.groups),
                "request_types": [t.code for t in alert.request_types.all()],
                "created_at": _iso(alert.created_at),
                "confirmed_at": _iso(alert.confirmed_at),
            }
            for alert in rows.prefetch_related("request_types")
        ]
    }


def erase(user: User) -> Counts:
    """The person's alerts go (an area they watch says where they live)."""
    _, removed = AreaAlert.objects.filter(user=user).delete()
    # delete() also counts the rows of the types' link table: only the alerts count here.
    return {"removed_area_alerts": removed.get(AreaAlert._meta.label, 0)}


def purge(now: datetime, dry_run: bool) -> Counts:
    """Alerts whose address never confirmed them, past the unconfirmed requests' period."""
    stale = AreaAlert.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff(now, "RETENTION_UNCONFIRMED_DAYS")
    )
    count = stale.count()
    if not dry_run and count:
        stale.delete()
    return {"unconfirmed_area_alerts": count}


PERSONAL_DATA = PersonalData(
    name="servicerequests.area_alerts",
    export=export,
    erase=erase,
    purge=purge,
    sections=("area_alerts",),
    erases=("removed_area_alerts",),
    retention={
        "unconfirmed_area_alerts": Retention(
            "alertes de quartier jamais confirmées", "RETENTION_UNCONFIRMED_DAYS"
        )
    },
)
