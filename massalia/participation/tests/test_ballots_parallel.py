"""Parallel clients never give one resident two ballots: the same person casting and
changing from ten threads at once ends with one ballot, holding one of the ballots sent.
Real threads, each with its own database connection (SQLite's file database waits for the
writer; run with DATABASE_URL for PostgreSQL)."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection

from massalia.accounts.models import User
from massalia.core.models import OutboxEvent
from massalia.participation import ballots
from massalia.participation.models import Ballot, BallotChoice, Process
from massalia.participation.tests.conftest import project_ids, verified

pytestmark = pytest.mark.django_db(transaction=True)
CLIENTS = 10


def _race(process_id: int, user_id: int, choices: list[list[int]]) -> list[str]:
    start = threading.Barrier(len(choices))
    outcomes = [""] * len(choices)

    def client(i: int) -> None:
        try:
            process = Process.objects.select_related("budget").get(pk=process_id)
            user = User.objects.get(pk=user_id)
            start.wait(timeout=30)
            ballots.cast(process=process, voter=user, choices=choices[i])
            outcomes[i] = "cast"
        except Exception as error:  # what a client would see, reported by the assertion
            outcomes[i] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(choices))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_one_resident_voting_from_parallel_requests_has_one_ballot(city, budgets):
    alice = city.people["alice"]
    verified(budgets.open, alice, city.people["bob"])
    ids = list(project_ids(budgets.open).values())
    sent = [[ids[i % len(ids)]] for i in range(CLIENTS)]
    outcomes = _race(budgets.open.pk, alice.pk, sent)
    assert Counter(outcomes) == {"cast": CLIENTS}
    ballot = Ballot.objects.get(voter=alice)
    kept = list(BallotChoice.objects.filter(ballot=ballot).values_list("project_id", flat=True))
    assert kept in sent
    assert OutboxEvent.objects.filter(name="participation.ballot_cast").count() == 1
    assert OutboxEvent.objects.filter(name="participation.ballot_changed").count() == CLIENTS - 1
