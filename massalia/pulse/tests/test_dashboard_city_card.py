"""The dashboard shows the city card's taps by line and stop and by facility, as counts only,
the anonymous counts of older days added to the taps still within 48 hours."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from massalia.citycard import numbers, services
from massalia.citycard.models import Device, Facility, Reason, TapCount
from massalia.pulse import selectors
from massalia.pulse.selectors import Filters

pytestmark = pytest.mark.django_db


@pytest.fixture
def taps(db):
    bus = Device.objects.create(code="bus-83", kind="validator", line="83", stop="Catalans")
    pool = Device.objects.create(
        code="vallier", kind="gate", facility=Facility.POOL, place="Piscine Vallier"
    )
    card = services.issue_card(number=numbers.with_check_digit("600000000000001"))
    now = timezone.now()
    services.tap(device=bus, card_hash=card.number_hash, at=now - timedelta(hours=1))
    services.tap(device=pool, card_hash=card.number_hash, at=now - timedelta(hours=2))
    TapCount.objects.create(
        device=bus, hour=now - timedelta(days=4), accepted=True, reason=Reason.PASS, count=7
    )
    return card


def test_the_counts_follow_the_span_and_name_no_card(taps):
    today = timezone.localdate()
    week = selectors.city_card(Filters(start=today - timedelta(days=6), end=today))
    assert (week.taps, week.accepted, week.refused) == (9, 7, 2)
    assert [(r.name, r.accepted, r.refused) for r in week.lines] == [("Ligne 83 — Catalans", 7, 1)]
    assert [r.name for r in week.facilities] == ["piscines — Piscine Vallier"]
    yesterday = selectors.city_card(Filters(start=today - timedelta(days=1), end=today))
    assert yesterday.taps == 2


def test_the_dashboard_shows_them(client, city, taps):
    client.force_login(city.people["olga"])
    page = client.get("/barometre/").content.decode()
    assert "Carte de la ville" in page and "Ligne 83 — Catalans" in page
    assert taps.number_hash not in page
