"""The opinion map: groups for 10,000 participants × 1,000 statements (about 5 % of the matrix
voted), ours against red-dwarf (Pol.is' clustering in Python, PyPI `red-dwarf`) on the same
votes in the same run, with the adjusted Rand index between the two groupings and against the
groups the votes were drawn from.

Run as `python -m bench.opinions OUT.json` (BENCH_OPINIONS_PARTICIPANTS=10000,
BENCH_OPINIONS_STATEMENTS=1000, BENCH_OPINIONS_DENSITY=0.05 and BENCH_OPINIONS_SEED change the
draw, BENCH_OPINIONS_GROUPS=4,3 the draws made: one per number of known groups).

The votes: each participant belongs to one of the groups (sizes 4:3:2:1 for four groups,
3:2:1 for three); each group takes a side on every statement (agree or disagree, a tenth of
the statements shared by all groups); a participant votes with their group's side with
probability 0.75, against it 0.10, and passes 0.15, on statements drawn uniformly; the number
of votes per participant is log-normal around the density × statements (some cast fewer than
7, and are left off the map by both computations, as Pol.is does).

Each computation runs in a process of its own, from the same vote file, its input built in
its own form before the clock starts (tuples for ours, the list of vote dicts red-dwarf
takes): once timed (wall and CPU seconds), once under tracemalloc for the peak of memory
allocated during the computation (numpy's and scipy's arrays included). Both compute the
whole map: projections, groups with k chosen by silhouette among 2–5, representative and
consensus statements; red-dwarf with its defaults and the same seed. Ours runs its numerical
libraries on one thread (its blocks are small: threads cost more than they bring on a shared
host), so red-dwarf is also timed with its threads limited to one, to tell the method's gain
from the threads'.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import ROOT, WORK, machine, write_result

PARTICIPANTS = int(os.environ.get("BENCH_OPINIONS_PARTICIPANTS", "10000"))
STATEMENTS = int(os.environ.get("BENCH_OPINIONS_STATEMENTS", "1000"))
DENSITY = float(os.environ.get("BENCH_OPINIONS_DENSITY", "0.05"))
GROUPS = [int(g) for g in os.environ.get("BENCH_OPINIONS_GROUPS", "4,3").split(",")]
SEED = int(os.environ.get("BENCH_OPINIONS_SEED", "13"))
WITH_SIDE, AGAINST = 0.75, 0.10  # the rest passes
SPREAD = 0.7  # of the log of the votes cast per participant
SHARED = 0.10  # statements on which every group takes the same side
CHUNK = 1000  # participants drawn at once


def generate(n: int, m: int, density: float, groups: int, seed: int) -> dict[str, np.ndarray]:
    """Votes (participant, statement, vote arrays) drawn from known groups, and the groups."""
    rng = np.random.default_rng(seed)
    weights = np.arange(groups, 0, -1, dtype=float)
    truth = rng.choice(groups, size=n, p=weights / weights.sum())
    sides = rng.choice([-1, 1], size=(groups, m))
    shared = rng.random(m) < SHARED
    sides[:, shared] = sides[0, shared]
    counts = np.clip(
        np.rint(rng.lognormal(np.log(density * m) - SPREAD**2 / 2, SPREAD, n)), 1, m
    ).astype(int)
    people, statements = [], []
    for start in range(0, n, CHUNK):
        keys = rng.random((min(CHUNK, n - start), m))
        order = np.argsort(keys, axis=1)  # a uniform random order of statements per person
        for offset, row in enumerate(order):
            k = counts[start + offset]
            people.append(np.full(k, start + offset))
            statements.append(row[:k])
    who, what = np.concatenate(people), np.concatenate(statements)
    draw = rng.random(len(who))
    side = sides[truth[who], what]
    vote = np.where(draw < WITH_SIDE, side, np.where(draw < WITH_SIDE + AGAINST, -side, 0))
    best = _most_likely_groups(who, vote, side_of=sides[:, what], n=n)
    return {"participant": who, "statement": what, "vote": vote.astype(np.int8), "truth": truth,
            "most_likely": best}  # fmt: skip


def _most_likely_groups(who: np.ndarray, vote: np.ndarray, side_of: np.ndarray, n: int
                        ) -> np.ndarray:  # fmt: skip
    """Each participant's most likely group knowing the groups' true sides and how votes were
    drawn: the best any grouping can do from these votes (its ARI is the ceiling)."""
    chances = {"with": np.log(WITH_SIDE), "against": np.log(AGAINST),
               "pass": np.log(1 - WITH_SIDE - AGAINST)}  # fmt: skip
    likelihood = np.empty((n, len(side_of)))
    for group, sides in enumerate(side_of):
        each = np.where(vote == 0, chances["pass"],
                        np.where(vote == sides, chances["with"], chances["against"]))  # fmt: skip
        likelihood[:, group] = np.bincount(who, weights=each, minlength=n)
    return likelihood.argmax(axis=1)


def ours(p: np.ndarray, s: np.ndarray, v: np.ndarray) -> Callable[[], tuple[list, list]]:
    from massalia.consultations.opinions import opinion_groups

    votes = list(zip(p.tolist(), s.tolist(), v.tolist(), strict=True))

    def compute() -> tuple[list, list]:
        result = opinion_groups(votes, seed=SEED)
        return list(result.participants), result.labels.tolist()

    return compute


def red_dwarf(p: np.ndarray, s: np.ndarray, v: np.ndarray) -> Callable[[], tuple[list, list]]:
    from reddwarf.implementations.polis import run_pipeline

    votes = [
        {"participant_id": a, "statement_id": b, "vote": c, "modified": i}
        for i, (a, b, c) in enumerate(zip(p.tolist(), s.tolist(), v.tolist(), strict=True))
    ]

    def compute() -> tuple[list, list]:
        result = run_pipeline(votes=votes, random_state=SEED)
        placed = result.participants_df[result.participants_df["to_cluster"]]
        return placed.index.tolist(), placed["cluster_id"].astype(int).tolist()

    return compute


def part(name: str, votes_file: str) -> dict[str, Any]:
    """One computation in this process: timed once, then measured once under tracemalloc
    (red-dwarf on one thread: timed only, to tell its threads' cost from its method's)."""
    from threadpoolctl import threadpool_limits

    data = np.load(votes_file)
    build = {"ours": ours, "red-dwarf": red_dwarf, "red-dwarf-one-thread": red_dwarf}[name]
    compute = build(data["participant"], data["statement"], data["vote"])
    one_thread = name.endswith("one-thread")
    started, cpu = time.perf_counter(), time.process_time()
    with threadpool_limits(1 if one_thread else None):
        participants, labels = compute()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    peak = None
    if not one_thread:
        tracemalloc.start()
        compute()
        peak = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3),
        "peak_mib": peak,
        "process_max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "participants": participants,
        "labels": labels,
    }


def run_part(name: str, votes_file: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.opinions", "--part", name, str(votes_file)],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        return {"error": done.stderr[-3000:]}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def ari(first: dict[Any, int], second: dict[Any, int]) -> float:
    from sklearn.metrics import adjusted_rand_score

    common = sorted(set(first) & set(second))
    return round(float(adjusted_rand_score([first[p] for p in common],
                                           [second[p] for p in common])), 4)  # fmt: skip


def run() -> dict[str, Any]:
    draws = [draw(groups) for groups in GROUPS]
    return {"draws": draws, "seconds": round(sum(d.get("seconds", 0) for d in draws), 1)}


def draw(groups: int) -> dict[str, Any]:
    """One draw of votes from `groups` known groups, and both computations on it."""
    started = time.perf_counter()
    data = generate(PARTICIPANTS, STATEMENTS, DENSITY, groups, SEED)
    WORK.mkdir(parents=True, exist_ok=True)
    votes_file = WORK / "opinion_votes.npz"
    np.savez(votes_file, **data)  # type: ignore[arg-type]  # the stub reads **kwds as allow_pickle
    per_person = np.bincount(data["participant"], minlength=PARTICIPANTS)
    result: dict[str, Any] = {
        "participants": PARTICIPANTS,
        "statements": STATEMENTS,
        "votes": len(data["vote"]),
        "density": round(len(data["vote"]) / (PARTICIPANTS * STATEMENTS), 4),
        "participants_with_7_votes": int((per_person >= 7).sum()),
        "true_groups": groups,
        "seed": SEED,
    }
    groupings = {}
    for name in ("ours", "red-dwarf", "red-dwarf-one-thread"):
        figures = run_part(name, votes_file)
        if "error" in figures:
            return {**result, "error": f"{name}: {figures['error']}"}
        groupings[name] = dict(zip(figures.pop("participants"), figures.pop("labels"),
                                   strict=True))  # fmt: skip
        figures["groups"] = len(set(groupings[name].values()))
        figures["placed"] = len(groupings[name])
        result[name] = figures
    truth = dict(enumerate(data["truth"].tolist()))
    ours_, theirs = result["ours"], result["red-dwarf"]
    result["speedup_wall"] = round(theirs["seconds"] / ours_["seconds"], 1)
    result["speedup_cpu"] = round(theirs["cpu_seconds"] / ours_["cpu_seconds"], 1)
    result["speedup_vs_one_thread"] = round(
        result["red-dwarf-one-thread"]["seconds"] / ours_["seconds"], 1
    )
    result["memory_share"] = round(ours_["peak_mib"] / theirs["peak_mib"], 3)
    result["ari_ours_red_dwarf"] = ari(groupings["ours"], groupings["red-dwarf"])
    result["ari_ours_truth"] = ari(groupings["ours"], truth)
    result["ari_red_dwarf_truth"] = ari(groupings["red-dwarf"], truth)
    placed = sorted(groupings["ours"])
    best = dict(enumerate(data["most_likely"].tolist()))
    result["ari_ceiling"] = ari({p: best[p] for p in placed}, truth)
    result["targets_met"] = {
        "10x_faster": result["speedup_wall"] >= 10,
        "quarter_of_memory": result["memory_share"] <= 0.25,
        "ari_vs_red_dwarf_0.95": result["ari_ours_red_dwarf"] >= 0.95,
        "ari_vs_truth_0.95": result["ari_ours_truth"] >= 0.95,
    }
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def markdown(r: dict[str, Any]) -> list[str]:
    lines = ["## Opinion map: groups of participants (Pol.is-style)", ""]
    for one in r.get("draws", [r]):
        lines += _draw(one)
    return [*lines, "Reproduce: `.venv/bin/python -m bench.opinions OUT.json`.", ""]


def _draw(r: dict[str, Any]) -> list[str]:
    title = f"### {r.get('true_groups', '?')} known groups"
    if "targets_met" not in r:
        return [title, "", f"Failed: {r.get('error', 'no result')}", ""]
    o, d, t = r["ours"], r["red-dwarf"], r["red-dwarf-one-thread"]
    return [
        title,
        "",
        f"{r['participants']:,} participants × {r['statements']:,} statements, "
        f"{r['votes']:,} votes ({r['density']:.1%} of the matrix), drawn from {r['true_groups']} "
        f"known groups (seed {r['seed']}); {r['participants_with_7_votes']:,} participants "
        "with at least 7 votes. Each computation in its own process, from the same votes.",
        "",
        "| computation | s | CPU s | peak MiB (tracemalloc) | process max RSS MiB | groups |",
        "|---|---:|---:|---:|---:|---:|",
        f"| `consultations.opinions.opinion_groups` (sparse) | {o['seconds']} | "
        f"{o['cpu_seconds']} | {o['peak_mib']} | {o['process_max_rss_mib']} | {o['groups']} |",
        f"| red-dwarf `run_pipeline` (dense, pandas) | {d['seconds']} | {d['cpu_seconds']} | "
        f"{d['peak_mib']} | {d['process_max_rss_mib']} | {d['groups']} |",
        f"| red-dwarf, its threads limited to one | {t['seconds']} | {t['cpu_seconds']} | – | "
        f"{t['process_max_rss_mib']} | {t['groups']} |",
        "",
        "Wall times count the waits for a core on a shared host (compare them with CPU "
        "times); the targets are checked on wall time.",
        "",
        f"Ours is ×{r['speedup_wall']} faster (×{r['speedup_cpu']} in CPU time; against "
        f"red-dwarf on one thread ×{r['speedup_vs_one_thread']}, "
        f"×{round(t['cpu_seconds'] / o['cpu_seconds'], 1)} in CPU time) with "
        f"{r['memory_share']:.0%} of red-dwarf's peak memory. Adjusted Rand index: ours vs "
        f"red-dwarf {r['ari_ours_red_dwarf']}, ours vs the true groups {r['ari_ours_truth']}, "
        f"red-dwarf vs the true groups {r['ari_red_dwarf_truth']} (the ceiling, each participant "
        f"in their most likely group knowing the true sides: {r['ari_ceiling']}). "
        "Targets (×10, a quarter of the memory, ARI ≥ 0.95 both ways): "
        f"{_targets(r['targets_met'])}.",
        "",
    ]


def _targets(met: dict[str, bool]) -> str:
    return ", ".join(f"{name} {'met' if ok else 'NOT met'}" for name, ok in met.items())


def main(argv: list[str]) -> None:
    if argv[0] == "--part":
        print(json.dumps(part(argv[1], argv[2])))
        return
    write_result(argv[0], {"machine": machine(), **run()}, markdown)


if __name__ == "__main__":
    main(sys.argv[1:])
