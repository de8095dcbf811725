"""The review spread over workers: the pending meters go out in batches, each batch claims its
meters (two workers never review one meter at once), and a claim whose worker died expires so
that another worker takes the meter over, with the readings the dead claim held."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from massalia.connected import services, tasks, watch
from massalia.connected.ingest import Incoming, receive
from massalia.connected.models import Device

pytestmark = pytest.mark.django_db


def meter(n: int) -> Device:
    device, _ = services.register_device(identifier=f"C-{n:03d}", kind=Device.Kind.WATER_METER)
    return device


def send(device: Device, *times) -> None:
    items = [Incoming(i, device.identifier, t.isoformat(), 1000.0 + i) for i, t in enumerate(times)]
    assert not receive(items, channel="http").rejected


_start = timezone.now()


@pytest.fixture(autouse=True)
def one_clock() -> None:
    """`hours_ago` counts from the test's start: two calls in one test name the same instant,
    even across a second's boundary."""
    global _start
    _start = timezone.now().replace(microsecond=0)


def hours_ago(n: float):
    return _start - timedelta(hours=n)


def fresh(device: Device) -> Device:
    return Device.objects.get(pk=device.pk)


def test_it_marks_the_earliest_reading_received():
    device = meter(1)
    send(device, hours_ago(3), hours_ago(5), hours_ago(4))
    send(device, hours_ago(2))
    assert fresh(device).review_pending
    assert fresh(device).review_from == hours_ago(5)


def test_a_meter_claimed_by_one_worker_is_not_claimed_by_another():
    device = meter(1)
    send(device, hours_ago(2), hours_ago(1))
    now = timezone.now()
    mine, _ = watch.claim([device.pk], now=now)
    theirs, _ = watch.claim([device.pk], now=now)
    assert [d.pk for d in mine] == [device.pk] and theirs == []
    assert watch.pending() == []
    assert watch.review_batch([device.pk]) == 0


def test_a_claim_whose_worker_died_is_taken_over_with_its_readings():
    device = meter(1)
    send(device, hours_ago(6), hours_ago(5))
    now = timezone.now()
    watch.claim([device.pk], now=now)  # and the worker dies
    send(device, hours_ago(1))
    assert watch.pending() == []  # not before the claim expires
    later = now + watch.LEASE + timedelta(seconds=1)
    (taken,), _ = watch.claim([device.pk], now=later)
    assert taken.claimed_from == hours_ago(6)  # the dead claim's readings, and the new ones


def test_a_failed_review_gives_its_readings_back(monkeypatch):
    device = meter(1)
    send(device, hours_ago(6), hours_ago(5))
    assert watch.review_batch([device.pk]) == 1  # a first review: the next are incremental

    def broken(*args, **kwargs):
        raise RuntimeError("base indisponible")

    send(device, hours_ago(4), hours_ago(3))
    monkeypatch.setattr(watch, "review", broken)
    assert watch.review_batch([device.pk]) == 1
    after = fresh(device)
    assert (after.review_pending, after.review_from) == (True, hours_ago(4))
    assert (after.claimed_from, after.claimed_until) == (None, None)


def test_readings_arriving_during_a_review_leave_the_meter_pending():
    device = meter(1)
    send(device, hours_ago(6), hours_ago(5))
    (claimed,), _ = watch.claim([device.pk], now=timezone.now())
    send(device, hours_ago(1))  # while the worker reviews
    watch.review(claimed, since=claimed.claimed_from)
    after = fresh(device)
    assert (after.review_pending, after.review_from) == (True, hours_ago(1))
    assert watch.pending() == []  # still claimed by the worker under way


def test_the_scheduled_job_sends_the_meters_in_batches(
    monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(watch, "BATCH", 2)
    devices = [meter(n) for n in range(5)]
    for device in devices:
        send(device, hours_ago(3), hours_ago(2))
    sent: list[list[int]] = []
    real = watch.review_batch
    monkeypatch.setattr(watch, "review_batch", lambda meters: sent.append(meters) or real(meters))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.review_meters() == 5
    assert sorted(len(batch) for batch in sent) == [1, 2, 2]
    assert not Device.objects.filter(review_pending=True).exists()
    assert all(fresh(d).reviewed_at is not None for d in devices)


@pytest.mark.django_db(transaction=True)
def test_workers_racing_for_the_same_meters_share_them_out():
    if connection.vendor != "postgresql":
        pytest.skip("a race between connections: PostgreSQL (SQLite runs one write at a time)")
    devices = [meter(n) for n in range(60)]
    for device in devices:
        send(device, hours_ago(2), hours_ago(1))
    ids = [d.pk for d in devices]
    now = timezone.now()
    claimed: list[list[int]] = []
    start = threading.Barrier(4)

    def worker() -> None:
        start.wait()
        try:
            found, _ = watch.claim(ids, now=now)
            claimed.append([d.pk for d in found])
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [pk for batch in claimed for pk in batch]
    assert sorted(every) == sorted(ids)  # each meter claimed once, none lost
