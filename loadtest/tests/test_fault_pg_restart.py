"""PostgreSQL restarts mid-run: 503 while it is down, success after, no request lost."""

from __future__ import annotations

import pytest

from loadtest.runner import Options

pytestmark = pytest.mark.load


def test_it_refuses_cleanly_while_postgres_restarts_and_loses_nothing(load_run):
    report = load_run(Options(rate=20, seconds=20, fault="pg-restart", down_seconds=4))
    # Never a 500, a hang or a lost POST; refused POSTs were retried with their key.
    assert report.verdict.problems == []
    assert report.verdict.refused_during_outage > 0  # the outage really happened
    assert report.verdict.stored_posts == report.verdict.accepted_posts
