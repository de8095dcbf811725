"""The judge of a run: what counts as a failure, and how accepted POSTs are checked."""

from __future__ import annotations

from loadtest.driver import Result
from loadtest.faults import Outage
from loadtest.verdict import judge, summary


def _post(index: int, status: int, request_id: int | None = None, due: float = 0.0) -> Result:
    return Result(
        index=index,
        kind="open311-post",
        due=due,
        status=status,
        seconds=0.01,
        marker=f"loadtest:r:{index}:",
        request_id=request_id,
        retry_after="5" if status == 503 else "",
    )


def test_it_accepts_a_clean_run():
    verdict = judge(
        [_post(1, 200, 10)], [], {"loadtest:r:1:": [10]}, outage=None, stale_allowance=0
    )
    assert verdict.ok
    assert verdict.accepted_posts == verdict.stored_posts == 1


def test_it_flags_a_server_error_and_a_missing_answer():
    lost = Result(index=2, kind="page-home", due=0.0, error="TimeoutError: timed out")
    verdict = judge([_post(1, 500), lost], [], {}, outage=None, stale_allowance=0)
    assert len(verdict.problems) == 2


def test_it_flags_an_accepted_post_missing_or_stored_twice():
    verdict = judge(
        [_post(1, 200, 10), _post(2, 200, 11)],
        [],
        {"loadtest:r:1:": [10, 12]},
        outage=None,
        stale_allowance=0,
    )
    assert len(verdict.problems) == 2


def test_it_allows_503_only_around_the_outage():
    outage = Outage(began=10.0, stopped=10.5, started=14.0, ready=15.0)
    during = _post(1, 503, due=12.0)
    after = _post(2, 503, due=40.0)
    retried = _post(1, 200, 10)
    verdict = judge(
        [during, after], [retried], {"loadtest:r:1:": [10]}, outage=outage, stale_allowance=0
    )
    assert verdict.refused_during_outage == 1
    assert verdict.refused_after_outage == 1
    assert any("refusals after the database came back" in p for p in verdict.problems)
    assert len(verdict.problems) == 1


def test_it_summarises_by_kind():
    lines = summary([_post(1, 200, 10), _post(2, 503)], [])
    assert lines == [
        {
            "kind": "open311-post",
            "requests": 2,
            "statuses": {"200": 1, "503": 1},
            "p50_ms": 10.0,
            "p99_ms": 10.0,
        }
    ]
