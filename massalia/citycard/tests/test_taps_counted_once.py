"""A tap sent again, alone or in an offline batch, is counted and charged once; a batch is
decided in the order its taps happened."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from massalia.citycard import services
from massalia.citycard.models import Reason, Tap, Transaction
from massalia.citycard.services import BatchItem
from massalia.citycard.tests.conftest import card_with_purse, number

pytestmark = pytest.mark.django_db


def test_a_repeated_tap_answers_the_first_decision_and_charges_once(bus):
    card = card_with_purse(1, 500)
    at = timezone.now()
    first = services.tap(device=bus, number=number(1), at=at)
    again = services.tap(device=bus, number=number(1), at=at)
    assert (first.accepted, first.repeated) == (True, False)
    assert (again.accepted, again.reason, again.repeated) == (True, Reason.PAID, True)
    assert Tap.objects.count() == 1
    assert Transaction.objects.filter(kind="fare").count() == 1
    card.account.refresh_from_db()
    assert card.account.balance_cents == 330


def test_a_repeated_unknown_card_is_recorded_once(bus):
    at = timezone.now()
    services.tap(device=bus, number=number(7), at=at)
    assert services.tap(device=bus, number=number(7), at=at).repeated
    assert Tap.objects.count() == 1


def test_an_offline_batch_is_decided_in_time_order(bus):
    # 4.00 € pays two fares of 1.70 €: the two earliest taps, whatever order they came in.
    card_with_purse(1, 400)
    start = timezone.now() - timedelta(hours=3)
    times = [start + timedelta(minutes=m) for m in (30, 0, 20, 10)]
    decisions = services.tap_batch(device=bus, items=[BatchItem(number(1), at) for at in times])
    assert [d.reason for d in decisions] == [
        Reason.INSUFFICIENT_BALANCE,
        Reason.PAID,
        Reason.INSUFFICIENT_BALANCE,
        Reason.PAID,
    ]
    assert set(Tap.objects.values_list("offline", flat=True)) == {True}


def test_a_batch_sent_twice_or_overlapping_live_taps_counts_each_tap_once(bus):
    card = card_with_purse(1, 1000)
    start = timezone.now() - timedelta(hours=1)
    live = services.tap(device=bus, number=number(1), at=start)
    items = [BatchItem(number(1), start + timedelta(minutes=m)) for m in (0, 5, 10)]
    first = services.tap_batch(device=bus, items=items)
    second = services.tap_batch(device=bus, items=items)
    assert live.accepted and [d.repeated for d in first] == [True, False, False]
    assert all(d.repeated for d in second)
    assert Tap.objects.count() == 3
    card.account.refresh_from_db()
    assert card.account.balance_cents == 1000 - 3 * 170


def test_a_tap_older_than_the_retention_is_refused_as_late_and_not_recorded(bus):
    card_with_purse(1, 1000)
    decision = services.tap(device=bus, number=number(1), at=timezone.now() - timedelta(hours=49))
    assert (decision.accepted, decision.reason) == (False, services.LATE)
    assert not Tap.objects.exists()
