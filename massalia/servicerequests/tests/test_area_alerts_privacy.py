"""A person's alerts are in their data download, go with their account, and an alert never
confirmed is purged after the unconfirmed requests' period."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from massalia.core.privacy import parts
from massalia.servicerequests import area_alerts
from massalia.servicerequests.models import AreaAlert
from massalia.servicerequests.tests.area_alert_helpers import quartier_alert

pytestmark = pytest.mark.usefixtures("fresh_indexes")


def _part():
    return next(p for p in parts() if p.name == "servicerequests.area_alerts")


def test_it_exports_the_persons_alerts(city):
    quartier_alert(city, "NOAILLES", groups=["Voirie"])

    data = _part().exported(city.people["dave"])

    assert data["area_alerts"][0]["quartier"] == "NOAILLES"
    assert data["area_alerts"][0]["groups"] == ["Voirie"]


def test_it_erases_the_persons_alerts_only(city):
    quartier_alert(city, "NOAILLES", groups=["Voirie"])
    quartier_alert(city, "BELSUNCE", user=city.people["erin"])

    counts = _part().erased(city.people["dave"])

    assert counts == {"removed_area_alerts": 1}
    assert list(AreaAlert.objects.values_list("user__username", flat=True)) == ["erin"]


def test_it_purges_alerts_never_confirmed(city, settings):
    old = area_alerts.create_alert(email="oubli@example.org", quartier=city.quartiers["NOAILLES"])
    AreaAlert.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=settings.RETENTION_UNCONFIRMED_DAYS + 1)
    )
    fresh = area_alerts.create_alert(
        email="recent@example.org", quartier=city.quartiers["NOAILLES"]
    )

    assert _part().purged(timezone.now(), True) == {"unconfirmed_area_alerts": 1}
    _part().purged(timezone.now(), False)

    assert list(AreaAlert.objects.values_list("pk", flat=True)) == [fresh.pk]
