"""Participatory budget: counting 100,000 ballots over 500 projects and the greedy result,
against a plain Counter and greedy loop; the method of equal shares on the same ballots.

Run as `python -m bench.budget OUT.json` (BENCH_BUDGET_PROJECTS=500, BENCH_BUDGET_BALLOTS=100000
and BENCH_BUDGET_SEED change the draw, BENCH_BUDGET_REPEAT the runs per timing).

The data: project costs log-normal around 150,000 € (from 5,000 € to 5 M€, as city-wide
participatory budgets' are), submitted over two months; an envelope of a fifth of their total
cost; popularity log-normal (a few projects draw most votes); each resident chooses 1 to 10
projects, drawn one by one by popularity among those not yet chosen; the rule is approval
with at most 10 projects, so every generated ballot is valid and both computations count the
same votes.

Computations on the same ballots, in the same process, medians of BENCH_BUDGET_REPEAT runs:

- the baseline: `collections.Counter` over all choices (no check of any ballot), the projects
  sorted by the published order, the greedy loop (no reasons);
- `BudgetVote.count` (each ballot checked: known projects, none twice, at most 10) and
  `BudgetVote.greedy` (every project's line with its status), then the CSV rows with every
  reason written out;
- `BudgetVote.check` on every ballot, one by one (what casting a ballot costs);
- `BudgetVote.equal_shares` (exact fractions), once, with what it selects beside greedy.

Votes are counted in Python from ballots held in memory; when ballots are stored, reading
them is a separate cost (and a SQL GROUP BY could count them instead), not measured here.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from itertools import chain
from typing import Any

import numpy as np

from bench.common import machine, write_result
from massalia.participation.budget import (
    BallotRule,
    BudgetVote,
    Project,
    Rules,
    csv_rows,
)

PROJECTS = int(os.environ.get("BENCH_BUDGET_PROJECTS", "500"))
BALLOTS = int(os.environ.get("BENCH_BUDGET_BALLOTS", "100000"))
SEED = int(os.environ.get("BENCH_BUDGET_SEED", "13"))
REPEAT = int(os.environ.get("BENCH_BUDGET_REPEAT", "3"))
MAX_CHOICES = 10
ENVELOPE_SHARE = 0.20
CHUNK = 10_000  # ballots drawn at once


def generate(n_projects: int, n_ballots: int, seed: int) -> tuple[BudgetVote, list[list[int]]]:
    rng = np.random.default_rng(seed)
    costs = np.clip(np.round(rng.lognormal(np.log(150_000), 0.9, n_projects), -3), 5_000, 5e6)
    opened = datetime(2026, 2, 1, 9, 0)
    projects = [
        Project(i + 1, f"Projet {i + 1}", int(cost), opened + timedelta(minutes=int(minute)))
        for i, (cost, minute) in enumerate(zip(costs, rng.integers(0, 60 * 24 * 60, n_projects),
                                               strict=True))
    ]  # fmt: skip
    envelope = int(round(costs.sum() * ENVELOPE_SHARE, -3))
    rules = Rules(BallotRule.APPROVAL, envelope, max_projects=MAX_CHOICES)
    popularity = rng.lognormal(0, 1.2, n_projects)
    sizes = rng.integers(1, MAX_CHOICES + 1, n_ballots)
    # Drawing k projects one by one without replacement, each by popularity among those left,
    # is drawing the k largest log(popularity) + Gumbel noise (the Gumbel top-k trick).
    ballots: list[list[int]] = []
    for start in range(0, n_ballots, CHUNK):
        keys = np.log(popularity) + rng.gumbel(size=(min(CHUNK, n_ballots - start), n_projects))
        top = np.argpartition(-keys, MAX_CHOICES, axis=1)[:, :MAX_CHOICES]
        top = np.take_along_axis(top, np.argsort(-np.take_along_axis(keys, top, 1), 1), 1)
        ballots += [(row[:k] + 1).tolist() for row, k in zip(top, sizes[start:], strict=False)]
    return BudgetVote.of(rules, projects), ballots


def baseline(vote: BudgetVote, ballots: Sequence[Sequence[int]]) -> list[int]:
    """Counter over every choice, the published order, the greedy loop: the selected ids."""
    votes = Counter(chain.from_iterable(ballots))
    ordered = sorted(vote.projects.values(), key=lambda p: p.order_key(votes[p.id]))
    left, selected = vote.rules.envelope, []
    for p in ordered:
        if votes[p.id] and p.cost <= left:
            selected.append(p.id)
            left -= p.cost
    return selected


def timed(fn: Callable[[], Any], repeat: int) -> tuple[Any, dict[str, float]]:
    walls, cpus, value = [], [], None
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        value = fn()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return value, {"seconds": round(statistics.median(walls), 4),
                   "cpu_seconds": round(statistics.median(cpus), 4)}  # fmt: skip


def run() -> dict[str, Any]:
    started = time.perf_counter()
    vote, ballots = generate(PROJECTS, BALLOTS, SEED)
    result: dict[str, Any] = {
        "projects": len(vote.projects),
        "ballots": len(ballots),
        "choices": sum(len(b) for b in ballots),
        "envelope": vote.rules.envelope,
        "total_cost": sum(p.cost for p in vote.projects.values()),
        "rule": f"{vote.rules.rule} (at most {vote.rules.max_projects})",
        "seed": SEED,
        "repeat": REPEAT,
        "generate_seconds": round(time.perf_counter() - started, 3),
    }
    plain, result["baseline"] = timed(lambda: baseline(vote, ballots), REPEAT)
    count, result["count"] = timed(lambda: vote.count(ballots), REPEAT)
    greedy, result["greedy"] = timed(lambda: vote.greedy(count), REPEAT)
    rows, result["csv_rows"] = timed(lambda: list(csv_rows(greedy)), REPEAT)
    _, result["check_each_ballot"] = timed(lambda: [vote.check(b) for b in ballots], 1)
    shares, result["equal_shares"] = timed(lambda: vote.equal_shares(ballots), 1)
    # Ratios on CPU time: the machine is shared, so wall time also measures the neighbours.
    ours = result["count"]["cpu_seconds"] + result["greedy"]["cpu_seconds"]
    result["count_and_greedy_cpu_seconds"] = round(ours, 4)
    result["ours_per_baseline_cpu"] = round(ours / result["baseline"]["cpu_seconds"], 2)
    result["check_cpu_microseconds_per_ballot"] = round(
        result["check_each_ballot"]["cpu_seconds"] / len(ballots) * 1e6, 1
    )
    chosen = [line.project.id for line in greedy.selected]
    result["same_selection_as_baseline"] = chosen == plain
    result["rejected_ballots"] = len(count.rejected)
    result["csv_rows_written"] = len(rows) - 1
    result["greedy_result"] = {"selected": len(chosen), "used": greedy.used,
                               "remaining": greedy.remaining}  # fmt: skip
    both = set(chosen) & {line.project.id for line in shares.selected}
    result["equal_shares_result"] = {
        "selected": len(shares.selected),
        "by_shares": sum(1 for line in shares.selected if line.share is not None),
        "by_completion": sum(1 for line in shares.selected if line.share is None),
        "used": shares.used,
        "remaining": shares.remaining,
        "selected_by_both": len(both),
    }
    result["equal_shares_per_greedy_cpu"] = round(
        result["equal_shares"]["cpu_seconds"] / result["count_and_greedy_cpu_seconds"], 1
    )
    return result


def markdown(r: dict[str, Any]) -> list[str]:
    lines = ["## Participatory budget: count and result", ""]
    if "greedy" not in r:
        return [*lines, f"Failed: {r.get('error', 'no result')}", ""]
    g, s = r["greedy_result"], r["equal_shares_result"]
    lines += [
        f"{r['ballots']:,} ballots ({r['choices']:,} choices, 1 to 10 each, by popularity) over "
        f"{r['projects']} projects costing {r['total_cost']:,} € in all; envelope "
        f"{r['envelope']:,} €; rule {r['rule']}. Medians of {r['repeat']} runs, one process.",
        "",
        "| computation | s | CPU s |",
        "|---|---:|---:|",
        f"| baseline: `Counter` over every choice, sort, greedy loop | {r['baseline']['seconds']} "
        f"| {r['baseline']['cpu_seconds']} |",
        f"| `BudgetVote.count` (every ballot checked) | {r['count']['seconds']} "
        f"| {r['count']['cpu_seconds']} |",
        f"| `BudgetVote.greedy` (every project's line) | {r['greedy']['seconds']} "
        f"| {r['greedy']['cpu_seconds']} |",
        f"| CSV rows with every reason | {r['csv_rows']['seconds']} "
        f"| {r['csv_rows']['cpu_seconds']} |",
        f"| `BudgetVote.check`, ballot by ballot | {r['check_each_ballot']['seconds']} "
        f"| {r['check_each_ballot']['cpu_seconds']} |",
        f"| `BudgetVote.equal_shares` (exact fractions), once | {r['equal_shares']['seconds']} "
        f"| {r['equal_shares']['cpu_seconds']} |",
        "",
        f"Count and greedy take ×{r['ours_per_baseline_cpu']} the baseline's CPU time (it "
        "checks no "
        f"ballot); same selection as the baseline: {r['same_selection_as_baseline']}; "
        f"{r['rejected_ballots']} ballot(s) rejected. Checking one ballot: "
        f"{r['check_cpu_microseconds_per_ballot']} µs of CPU. Greedy selects {g['selected']} "
        "projects for "
        f"{g['used']:,} € ({g['remaining']:,} € left); equal shares {s['selected']} "
        f"({s['by_shares']} by shares, {s['by_completion']} by the completion) for "
        f"{s['used']:,} €, {s['selected_by_both']} of them selected by both; it takes "
        f"×{r['equal_shares_per_greedy_cpu']} the CPU time of the count and greedy.",
        "",
        "Reproduce: `.venv/bin/python -m bench.budget OUT.json`.",
        "",
    ]
    return lines


def main(out: str) -> None:
    write_result(out, {"machine": machine(), **run()}, markdown)


if __name__ == "__main__":
    main(sys.argv[1])
