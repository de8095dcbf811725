"""Parallel clients never count one person's support twice, and the move to review happens
once. Real threads, each with its own database connection (SQLite's file database waits for
the writer; run with DATABASE_URL for PostgreSQL)."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from massalia.accounts.models import User
from massalia.core.models import OutboxEvent
from massalia.participation import services
from massalia.participation.models import Proposal, ProposalStatus, Support
from massalia.participation.tests.conftest import propose

pytestmark = pytest.mark.django_db(transaction=True)
CLIENTS = 10


def _race(proposal_id: int, user_ids: list[int]) -> list[str]:
    """Each user supports from its own thread, all released at once; "counted" or the
    refusal's message for each."""
    start = threading.Barrier(len(user_ids))
    outcomes = [""] * len(user_ids)

    def client(i: int, user_id: int) -> None:
        try:
            proposal = Proposal.objects.select_related("process").get(pk=proposal_id)
            user = User.objects.get(pk=user_id)
            start.wait(timeout=30)
            services.support(proposal=proposal, user=user)
            outcomes[i] = "counted"
        except ValidationError as refused:
            outcomes[i] = " ".join(refused.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(i, u)) for i, u in enumerate(user_ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_one_person_supporting_from_parallel_requests_is_counted_once(city, processes):
    made = propose(processes.open, city.people["alice"])
    outcomes = _race(made.pk, [city.people["bob"].pk] * CLIENTS)
    assert Counter(outcomes) == {"counted": 1, "Vous soutenez déjà cette proposition.": CLIENTS - 1}
    made.refresh_from_db()
    assert made.supports_count == 1 == Support.objects.count()


def test_many_people_at_once_are_all_counted_and_the_threshold_is_crossed_once(city, processes):
    made = propose(processes.open, city.people["alice"])
    people = [
        User.objects.create_user(username=f"voisin{i}", email=f"voisin{i}@example.org")
        for i in range(CLIENTS)
    ]
    outcomes = _race(made.pk, [p.pk for p in people])
    assert outcomes == ["counted"] * CLIENTS
    made.refresh_from_db()
    assert made.supports_count == CLIENTS == Support.objects.count()
    assert made.status == ProposalStatus.IN_REVIEW
    assert OutboxEvent.objects.filter(name="participation.proposal_sent_to_review").count() == 1
