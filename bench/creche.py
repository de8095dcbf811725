"""Crèche allocation: `max-placed` against an exact LP solver on the same data, and `priority`.

Run as `python -m bench.creche OUT.json` (BENCH_CRECHE_APPLICATIONS=20000 and
BENCH_CRECHE_CRECHES=300 change the sizes, BENCH_CRECHE_SEED the draw).

The data: crèches scattered over a 12 km square, each with a popularity (log-normal) and
places in three age groups (about 60 % of the applications in all, so many families are not
placed); families live anywhere in the square, ask for 1 to 5 crèches drawn among the twelve
nearest their home, weighted by popularity over distance; scores 0–40 (a gamma draw, many
ties), application dates over fifteen months.

Three computations on the same applications, in the same process:

- `priority`: `allocation.allocate(…, Rule.PRIORITY)`;
- `max-placed`: `allocation.allocate(…, Rule.MAX_PLACED)` (OR-Tools min-cost flow);
- the baseline: the same lexicographic optimum from HiGHS (scipy's `linprog`, dual simplex)
  as four linear programs in turn — most placed; then, holding that count, highest total
  score; then, holding both, fewest steps down; then the tie-break (steps weighted by
  score). The assignment matrix (each application at most once, each crèche's age group at
  most its places) is totally unimodular, and each stage adds a constraint holding the
  previous optimum, i.e. restricts to an optimal face of that integral polytope, whose
  vertices are integral too: the simplex's vertex optimum is an allocation. The run checks
  it (largest distance of a variable from an integer).
"""

from __future__ import annotations

import math
import os
import random
import sys
import time
from datetime import date, timedelta
from typing import Any

import numpy as np

from bench.common import machine, write_result
from massalia.eservices.allocation import Allocation, Application, Places, Rule, allocate

APPLICATIONS = int(os.environ.get("BENCH_CRECHE_APPLICATIONS", "20000"))
CRECHES = int(os.environ.get("BENCH_CRECHE_CRECHES", "300"))
SEED = int(os.environ.get("BENCH_CRECHE_SEED", "15"))
GROUPS = {"bebes": 0.40, "moyens": 0.35, "grands": 0.25}
CHOICES = {1: 0.15, 2: 0.20, 3: 0.25, 4: 0.20, 5: 0.20}
CAPACITY_SHARE = 0.60
SIDE_KM = 12.0
NEAREST = 12


def generate(n: int, creches: int, seed: int) -> tuple[list[Application], list[Places]]:
    pick = random.Random(seed)
    where = np.array([(pick.uniform(0, SIDE_KM), pick.uniform(0, SIDE_KM))
                      for _ in range(creches)])  # fmt: skip
    popularity = np.array([pick.lognormvariate(0, 0.7) for _ in range(creches)])
    codes = [f"C{i:03d}" for i in range(creches)]
    sizes = [pick.uniform(0.5, 1.5) for _ in range(creches)]
    places = []
    for group, share in GROUPS.items():
        total = n * CAPACITY_SHARE * share
        weights = [size * pick.uniform(0.6, 1.4) for size in sizes]
        scale = total / sum(weights)
        places += [
            Places(code, group, round(w * scale)) for code, w in zip(codes, weights, strict=True)
        ]
    first_day = date(2025, 1, 1)
    applications = []
    for i in range(n):
        home = np.array([pick.uniform(0, SIDE_KM), pick.uniform(0, SIDE_KM)])
        distance = np.hypot(*(where - home).T)
        near = np.argpartition(distance, NEAREST)[:NEAREST]
        weight = popularity[near] / (0.3 + distance[near])
        count = pick.choices(list(CHOICES), weights=list(CHOICES.values()))[0]
        chosen = _weighted_sample(pick, near.tolist(), weight.tolist(), count)
        applications.append(
            Application(
                id=f"D{i:05d}",
                score=min(40, int(pick.gammavariate(3.0, 4.0))),
                applied_at=first_day + timedelta(days=pick.randrange(456)),
                age_group=pick.choices(list(GROUPS), weights=list(GROUPS.values()))[0],
                choices=tuple(codes[j] for j in chosen),
            )
        )
    return applications, places


def _weighted_sample(
    pick: random.Random, items: list[int], weights: list[float], k: int
) -> list[int]:
    chosen: list[int] = []
    items, weights = list(items), list(weights)
    for _ in range(k):
        j = pick.choices(range(len(items)), weights=weights)[0]
        chosen.append(items.pop(j))
        weights.pop(j)
    return chosen


def totals(result: Allocation) -> dict[str, int]:
    t = result.totals()
    scores = {a.id: a.score for a in result.applications}
    tie = sum(((p.choice_rank or 1) - 1) * scores[p.application] for p in result.placements)
    return {"placed": t.placed, "total_score": t.total_score, "steps_down": t.steps_down,
            "steps_weighted_by_score": tie}  # fmt: skip


def timed_rule(applications: list[Application], places: list[Places], rule: Rule) -> dict[str, Any]:
    started, cpu = time.perf_counter(), time.process_time()
    result = allocate(applications, places, rule)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    started = time.perf_counter()
    decisions = result.decisions()
    assert len(decisions) == len(applications)
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "decisions_seconds": round(time.perf_counter() - started, 3),
        **totals(result),
    }


def lexicographic_lp(applications: list[Application], places: list[Places]) -> dict[str, Any]:
    """The four stages on HiGHS; the variables are the same arcs as the flow's."""
    from scipy.optimize import linprog
    from scipy.sparse import csr_matrix, vstack

    started, cpu = time.perf_counter(), time.process_time()
    capacity = {(p.creche, p.age_group): p.places for p in places}
    slots = {slot: i for i, slot in enumerate(sorted(s for s, n in capacity.items() if n > 0))}
    rows: list[int] = []
    cols: list[int] = []
    score: list[int] = []
    steps: list[int] = []
    for i, a in enumerate(applications):
        for rank, code in enumerate(a.choices, 1):
            slot = slots.get((code, a.age_group))
            if slot is not None:
                var = len(score)
                rows += [i, len(applications) + slot]
                cols += [var, var]
                score.append(a.score)
                steps.append(rank - 1)
    m = len(score)
    matrix = csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(applications) + len(slots), m)
    )
    places_of = [capacity[slot] for slot in sorted(slots, key=slots.__getitem__)]
    bounds = np.concatenate([np.ones(len(applications)), places_of])
    s, d = np.array(score, dtype=float), np.array(steps, dtype=float)
    objectives = [-np.ones(m), -s, d, d * s]  # linprog minimises
    extra_rows: list[Any] = []
    extra_bounds: list[float] = []
    stages, values = [], []
    x = np.zeros(m)
    for objective in objectives:
        stage_started = time.perf_counter()
        a_ub = vstack([matrix, *extra_rows]) if extra_rows else matrix
        b_ub = np.concatenate([bounds, extra_bounds])
        solved = linprog(objective, A_ub=a_ub, b_ub=b_ub, bounds=(0, 1), method="highs-ds")
        if solved.status != 0:
            raise RuntimeError(f"HiGHS: {solved.message}")
        x = solved.x
        optimum = round(float(objective @ x))
        values.append(optimum)
        extra_rows.append(csr_matrix(objective.reshape(1, -1)))
        extra_bounds.append(float(optimum))  # hold it: objective · x <= optimum
        stages.append(round(time.perf_counter() - stage_started, 3))
    fractional = float(np.max(np.abs(x - np.round(x)))) if m else 0.0
    chosen = np.round(x)
    return {
        "seconds": round(time.perf_counter() - started, 3),
        "cpu_seconds": round(time.process_time() - cpu, 3),
        "stage_seconds": stages,
        "variables": m,
        "constraints": len(applications) + len(slots),
        "max_fractionality": fractional,
        "integral": fractional < 1e-6,
        "placed": int(chosen.sum()),
        "total_score": round(float(s @ chosen)),
        "steps_down": round(float(d @ chosen)),
        "steps_weighted_by_score": round(float((d * s) @ chosen)),
        "stage_optima": values,
    }


def run() -> dict[str, Any]:
    import ortools.graph.python.min_cost_flow  # noqa: F401  (imports are not timed)
    import scipy.optimize  # noqa: F401

    started = time.perf_counter()
    applications, places = generate(APPLICATIONS, CRECHES, SEED)
    generated = round(time.perf_counter() - started, 3)
    result: dict[str, Any] = {
        "applications": len(applications),
        "creches": CRECHES,
        "age_groups": len(GROUPS),
        "places": sum(p.places for p in places),
        "choices": sum(len(a.choices) for a in applications),
        "seed": SEED,
        "generate_seconds": generated,
    }
    result["priority"] = timed_rule(applications, places, Rule.PRIORITY)
    result["max_placed"] = timed_rule(applications, places, Rule.MAX_PLACED)
    result["highs_lp"] = lexicographic_lp(applications, places)
    keys = ("placed", "total_score", "steps_down", "steps_weighted_by_score")
    result["max_placed_equals_lp"] = all(
        result["max_placed"][k] == result["highs_lp"][k] for k in keys
    )
    mcf, lp = result["max_placed"]["cpu_seconds"], result["highs_lp"]["cpu_seconds"]
    result["lp_cpu_per_max_placed_cpu"] = round(lp / mcf, 1) if mcf else math.inf
    result["extra_placed_vs_priority"] = (
        result["max_placed"]["placed"] - result["priority"]["placed"]
    )
    return result


def markdown(r: dict[str, Any]) -> list[str]:
    lines = ["## Crèche allocation", ""]
    if "max_placed" not in r:
        return [*lines, f"Failed: {r.get('error', 'no result')}", ""]
    lines += [
        f"{r['applications']:,} applications ({r['choices']:,} choices) over {r['creches']} "
        f"crèches × {r['age_groups']} age groups, {r['places']:,} places.",
        "",
        "| computation | s | CPU s | placed | total score | steps down | steps × score |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    names = {
        "priority": "`priority`",
        "max_placed": "`max-placed` (OR-Tools min-cost flow)",
        "highs_lp": "HiGHS LP, four lexicographic stages",
    }
    for key, name in names.items():
        x = r[key]
        lines.append(
            f"| {name} | {x['seconds']} | {x['cpu_seconds']} | {x['placed']:,} "
            f"| {x['total_score']:,} | {x['steps_down']:,} | {x['steps_weighted_by_score']:,} |"
        )
    lines += [
        "",
        f"Same optimum: {r['max_placed_equals_lp']}; LP integral: {r['highs_lp']['integral']} "
        f"(largest distance to an integer {r['highs_lp']['max_fractionality']:.1e}); the LP "
        f"takes ×{r['lp_cpu_per_max_placed_cpu']} the flow's CPU time. Every family's "
        f"decision with its reasons: {r['max_placed']['decisions_seconds']} s.",
        "",
        "Reproduce: `.venv/bin/python -m bench.creche OUT.json`.",
        "",
    ]
    return lines


def main(out: str) -> None:
    write_result(out, {"machine": machine(), **run()}, markdown)


if __name__ == "__main__":
    main(sys.argv[1])
