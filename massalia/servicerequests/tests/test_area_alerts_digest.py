"""A person who chose a daily summary gets the day's new requests of their area in one email."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from massalia.core.notifications.digests import send_digests
from massalia.servicerequests.tests.area_alert_helpers import NEIGHBOUR, alerted, neighbour_alert
from massalia.testing import file_request

pytestmark = pytest.mark.usefixtures("fresh_indexes")


def test_it_keeps_the_alerts_for_the_daily_summary(city, on_commit):
    neighbour_alert(quartier=city.quartiers["NOAILLES"], frequency="daily")
    with on_commit():
        first = file_request(city, "tags", where="NOAILLES")
        second = file_request(city, "lampadaire", where="NOAILLES")
    assert alerted(mail.outbox) == []

    assert send_digests(now=timezone.now() + dt.timedelta(days=1)) == 1

    digest = next(m for m in mail.outbox if m.to == [NEIGHBOUR])
    assert f"Demande n° {first.pk} « Tags et graffitis »" in digest.body
    assert f"Demande n° {second.pk} « Lampadaire éteint »" in digest.body
    assert "List-Unsubscribe" in digest.extra_headers
