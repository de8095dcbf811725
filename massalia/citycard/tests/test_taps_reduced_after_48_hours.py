"""After 48 hours a tap no longer names its card: it is one more in the anonymous counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from massalia.citycard import services, tasks
from massalia.citycard.models import Reason, Tap, TapCount
from massalia.citycard.tests.conftest import card_with_purse, number
from massalia.core.privacy import parts

pytestmark = pytest.mark.django_db


def _taps(bus, at):
    card_with_purse(1, 1000)
    for minutes in (0, 10, 20):
        services.tap(device=bus, number=number(1), at=at + timedelta(minutes=minutes))
    services.tap(device=bus, number=number(2), at=at)  # an unknown card


def test_identifying_taps_are_gone_after_48_hours_and_their_counts_stay(bus):
    at = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=10)
    _taps(bus, at)
    assert services.reduce_taps(now=at + timedelta(hours=47)) == 0
    assert Tap.objects.count() == 4
    assert services.reduce_taps(now=at + timedelta(hours=49)) == 4
    assert not Tap.objects.exists()
    counts = {(c.reason, c.count) for c in TapCount.objects.filter(device=bus)}
    assert counts == {(Reason.PAID, 3), (Reason.UNKNOWN_CARD, 1)}
    assert "card" not in {f.name for f in TapCount._meta.get_fields()}


def test_reducing_again_adds_only_the_new_taps(bus):
    at = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=10)
    _taps(bus, at)
    services.reduce_taps(now=at + timedelta(hours=49))
    assert services.reduce_taps(now=at + timedelta(hours=49)) == 0
    assert sum(TapCount.objects.values_list("count", flat=True)) == 4


def test_the_scheduled_job_reduces_what_is_older_than_48_hours(bus, settings, monkeypatch):
    assert settings.SCHEDULE["citycard-reduce-taps"][1] == "massalia.citycard.tasks.reduce_taps"
    at = timezone.now() - timedelta(hours=20)
    _taps(bus, at)
    monkeypatch.setattr(services.timezone, "now", lambda: at + timedelta(hours=50), raising=True)
    assert tasks.reduce_taps() == 4
    assert not Tap.objects.exists()


def test_the_purge_and_the_command_reduce_too(bus):
    at = timezone.now() - timedelta(hours=20)
    _taps(bus, at)
    part = next(p for p in parts() if p.name == "citycard")
    assert part.purged(at + timedelta(hours=50), True) == {"citycard_taps": 4}
    assert Tap.objects.count() == 4
    call_command("citycard", "reduce-taps", "--at", (at + timedelta(hours=50)).isoformat())
    assert not Tap.objects.exists()
