"""Observations are numbered in order of arrival, per document, without gaps or twice the
same number, even from parallel requests. Real threads, each with its own database
connection (SQLite's file database waits for the writer; run with DATABASE_URL for
PostgreSQL, where the document's row is locked)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from massalia.accounts.models import User
from massalia.consultations.models import Observation, Regulation
from massalia.consultations.tests.conftest import observe
from massalia.core.models import OutboxEvent

CLIENTS = 8


@pytest.mark.django_db
def test_it_numbers_each_document_on_its_own(plu, city):
    other = Regulation.objects.create(
        slug="autre", title="Autre", is_published=True, opens_at=plu.opens_at,
        closes_at=plu.closes_at,
    )  # fmt: skip
    alice = city.people["alice"]
    numbers = [observe(r, alice).number for r in (plu, plu, other, plu, other)]
    assert numbers == [1, 2, 1, 3, 2]
    assert OutboxEvent.objects.filter(name="consultations.observation_filed").count() == 5


@pytest.mark.django_db(transaction=True)
def test_parallel_observations_get_consecutive_numbers(city):
    now = timezone.now()
    regulation = Regulation.objects.create(
        slug="parallele", title="Parallèle", is_published=True,
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1),
    )  # fmt: skip
    people = [
        User.objects.create(username=f"habitant{i}", email=f"h{i}@example.org")
        for i in range(CLIENTS)
    ]
    start = threading.Barrier(CLIENTS)
    outcomes = [""] * CLIENTS

    def client(i: int) -> None:
        try:
            found = Regulation.objects.get(pk=regulation.pk)
            start.wait(timeout=30)
            observe(found, people[i], text=f"Observation {i}")
            outcomes[i] = "filed"
        except Exception as error:  # what a client would see, reported by the assertion
            outcomes[i] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes == ["filed"] * CLIENTS
    numbers = sorted(
        Observation.objects.filter(regulation=regulation).values_list("number", flat=True)
    )
    assert numbers == list(range(1, CLIENTS + 1))
    regulation.refresh_from_db()
    assert regulation.last_number == CLIENTS
    # In order of arrival: the time of filing is taken under the lock, with the number.
    by_number = Observation.objects.filter(regulation=regulation).order_by("number")
    times = [o.created_at for o in by_number]
    assert times == sorted(times)
