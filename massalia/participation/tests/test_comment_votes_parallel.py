"""Parallel clicks never count one person's opinion on a comment twice, and parallel reports
by one person are recorded once. Real threads, each with its own database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from massalia.accounts.models import User
from massalia.participation import comments
from massalia.participation.models import Comment, CommentReport, CommentVote
from massalia.participation.tests.conftest import propose

pytestmark = pytest.mark.django_db(transaction=True)
CLIENTS = 8


def _race(comment_id: int, user_id: int, act: Callable[[Comment, User], object]) -> list[str]:
    start = threading.Barrier(CLIENTS)
    outcomes = [""] * CLIENTS

    def client(i: int) -> None:
        try:
            found = Comment.objects.select_related("proposal__process").get(pk=comment_id)
            user = User.objects.get(pk=user_id)
            start.wait(timeout=30)
            act(found, user)
            outcomes[i] = "done"
        except ValidationError as refused:
            outcomes[i] = " ".join(refused.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.fixture
def said(city, processes):
    proposal = propose(processes.open, city.people["alice"])
    return comments.comment(target=proposal, author=city.people["alice"], text="Un avis")


def test_one_persons_parallel_votes_count_once(city, said):
    outcomes = _race(
        said.pk, city.people["erin"].pk, lambda c, u: comments.vote(comment=c, user=u, value=1)
    )
    assert outcomes == ["done"] * CLIENTS
    said.refresh_from_db()
    assert said.agree_count == 1 == CommentVote.objects.count()


def test_one_persons_parallel_reports_are_recorded_once(city, said):
    outcomes = _race(
        said.pk,
        city.people["erin"].pk,
        lambda c, u: comments.report(comment=c, user=u, reason="spam"),
    )
    assert sorted(outcomes).count("done") == 1
    said.refresh_from_db()
    assert said.reports_count == 1 == CommentReport.objects.count()
