"""Parallel taps of one card never spend its purse twice, and the same tap sent by parallel
requests is recorded once. Real threads, each with its own database connection (SQLite's
file database waits for the writer; run with DATABASE_URL for PostgreSQL's row locks)."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from massalia.citycard import ledger, services
from massalia.citycard.models import Device, Tap, Transaction
from massalia.citycard.tests.conftest import card_with_purse, number

pytestmark = pytest.mark.django_db(transaction=True)
CLIENTS = 10


def _race(device_ids: list[int], times: list[datetime]) -> list[str]:
    start = threading.Barrier(len(times))
    outcomes = [""] * len(times)

    def client(i: int) -> None:
        try:
            device = Device.objects.get(pk=device_ids[i])
            start.wait(timeout=30)
            decision = services.tap(device=device, number=number(1), at=times[i])
            outcomes[i] = decision.reason + (" repeated" if decision.repeated else "")
        except Exception as exc:  # the outcome says what went wrong
            outcomes[i] = f"error: {exc!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(times))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_parallel_taps_on_many_validators_spend_the_purse_once(bus):
    others = [
        Device.objects.create(
            code=f"tram-{i}", kind=Device.Kind.VALIDATOR, line="T2", fare_cents=170
        )
        for i in range(CLIENTS)
    ]
    card = card_with_purse(1, 3 * 170 + 50)  # three fares and a little
    at = timezone.now() - timedelta(minutes=5)
    times = [at + timedelta(seconds=i) for i in range(CLIENTS)]
    outcomes = _race([d.pk for d in others], times)
    assert Counter(outcomes) == {"paid": 3, "insufficient_balance": CLIENTS - 3}
    purse = ledger.purse_of(card)
    assert purse.balance_cents == ledger.balance(purse) == 50
    assert Transaction.objects.filter(kind="fare").count() == 3
    assert Tap.objects.count() == CLIENTS


def test_the_same_tap_sent_in_parallel_is_recorded_and_charged_once(bus):
    card = card_with_purse(1, 1000)
    at = timezone.now() - timedelta(minutes=1)
    outcomes = _race([bus.pk] * CLIENTS, [at] * CLIENTS)
    assert Counter(outcomes) == {"paid": 1, "paid repeated": CLIENTS - 1}
    assert Tap.objects.count() == 1
    purse = ledger.purse_of(card)
    assert purse.balance_cents == ledger.balance(purse) == 1000 - 170


def test_an_unknown_card_tapped_in_parallel_is_recorded_once(bus):
    at = timezone.now() - timedelta(minutes=1)
    outcomes = _race([bus.pk] * CLIENTS, [at] * CLIENTS)
    assert Counter(outcomes) == {"unknown_card": 1, "unknown_card repeated": CLIENTS - 1}
    assert Tap.objects.count() == 1
