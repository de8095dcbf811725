"""A short fixed-rate run: no error, every accepted Open311 POST stored exactly once."""

from __future__ import annotations

import pytest

from loadtest.runner import Options

pytestmark = pytest.mark.load


def test_it_serves_a_fixed_rate_without_errors_and_stores_every_post(load_run):
    report = load_run(Options(rate=20, seconds=20))
    assert report.verdict.problems == []
    assert report.verdict.refused_during_outage == 0
    assert report.verdict.accepted_posts > 0
    assert report.verdict.stored_posts == report.verdict.accepted_posts
