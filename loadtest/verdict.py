"""What a run proves: no unexpected failure, and every accepted POST stored exactly once."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import psycopg

from loadtest.driver import Result
from loadtest.faults import Outage

GRACE_SECONDS = 2.0  # after the database answers again, in-flight refusals may still land


@dataclass
class Verdict:
    problems: list[str] = field(default_factory=list)
    refused_during_outage: int = 0
    refused_after_outage: int = 0
    accepted_posts: int = 0
    stored_posts: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def stored_rows(database_url: str, run_id: str) -> dict[str, list[int]]:
    """Request ids in the database by marker (the first word of each load-test description)."""
    rows: dict[str, list[int]] = defaultdict(list)
    with psycopg.connect(database_url, connect_timeout=5) as conn:
        found = conn.execute(
            "SELECT id, description FROM servicerequests_servicerequest WHERE description LIKE %s",
            (f"loadtest:{run_id}:%",),
        ).fetchall()
    for request_id, description in found:
        rows[description.partition(" ")[0]].append(int(request_id))
    return dict(rows)


def judge(
    results: list[Result],
    retries: list[Result],
    rows: dict[str, list[int]],
    *,
    outage: Outage | None,
    stale_allowance: int,
) -> Verdict:
    """Check every answer, then every accepted POST against the rows stored by marker."""
    verdict = Verdict()
    for result in results:
        _judge_answer(verdict, result, outage)
    for result in retries:
        if result.status not in (200, 201):
            verdict.problems.append(
                f"POST #{result.index} still refused after retries: {_what(result)}"
            )
    if verdict.refused_after_outage > stale_allowance:
        verdict.problems.append(
            f"{verdict.refused_after_outage} refusals after the database came back "
            f"(at most {stale_allowance}: one per web thread holding a stale connection)"
        )
    _judge_posts(verdict, [*results, *retries], rows)
    return verdict


def _judge_answer(verdict: Verdict, result: Result, outage: Outage | None) -> None:
    if result.status in (200, 201):
        return
    if result.status == 503 and outage is not None:
        if not result.retry_after:
            verdict.problems.append(f"#{result.index} {result.kind}: 503 without Retry-After")
        if (
            outage.began <= result.due + result.seconds
            and result.due <= outage.ready + GRACE_SECONDS
        ):
            verdict.refused_during_outage += 1
        else:
            verdict.refused_after_outage += 1
        return
    verdict.problems.append(f"#{result.index} {result.kind}: {_what(result)}")


def _judge_posts(verdict: Verdict, answers: list[Result], rows: dict[str, list[int]]) -> None:
    accepted = {r.marker: r.request_id for r in answers if r.request_id is not None}
    verdict.accepted_posts = len(accepted)
    verdict.stored_posts = sum(len(ids) for ids in rows.values())
    for mark, request_id in accepted.items():
        ids = rows.get(mark, [])
        if ids != [request_id]:
            verdict.problems.append(f"POST {mark} answered id {request_id}, stored as {ids}")
    for mark, ids in rows.items():
        if mark not in accepted:
            verdict.problems.append(f"POST {mark} stored as {ids} but never accepted")


def _what(result: Result) -> str:
    if result.status:
        return f"HTTP {result.status} {result.error}".strip()
    return result.error or "no answer"


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(results: list[Result], retries: list[Result]) -> list[dict[str, object]]:
    """One line per kind of request: count, statuses, p50 and p99 in milliseconds."""
    lines = []
    by_kind: dict[str, list[Result]] = defaultdict(list)
    for result in [*results, *retries]:
        by_kind[result.kind].append(result)
    for kind in sorted(by_kind):
        group = by_kind[kind]
        statuses = Counter(str(r.status or "no-answer") for r in group)
        times = [r.seconds * 1000 for r in group]
        lines.append(
            {
                "kind": kind,
                "requests": len(group),
                "statuses": dict(sorted(statuses.items())),
                "p50_ms": round(percentile(times, 0.50), 1),
                "p99_ms": round(percentile(times, 0.99), 1),
            }
        )
    return lines
