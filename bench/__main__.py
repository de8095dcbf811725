"""Run every benchmark, each in its own process, and write bench/results/latest.{json,md}."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.common import RESULTS, ROOT, machine

BENCHMARKS = ("locate", "open311")


def main() -> int:
    results: dict[str, Any] = {"machine": machine()}
    failed = False
    for name in BENCHMARKS:
        print(f"bench: {name}…", flush=True)
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "result.json"
            done = subprocess.run([sys.executable, "-m", f"bench.{name}", str(out)], cwd=ROOT)
            if done.returncode == 0 and out.is_file():
                results[name] = json.loads(out.read_text(encoding="utf-8"))
            else:
                results[name] = {"error": f"exit code {done.returncode}"}
                failed = True
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    summary = markdown(results)
    (RESULTS / "latest.md").write_text(summary, encoding="utf-8")
    print(summary)
    return 1 if failed else 0


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        "# Massalia benchmarks",
        "",
        f"{m['date']} — {m['cpu_count']} CPU, Python {m['python']}, {m['platform']}",
        "",
    ]
    lines += _locate(results.get("locate", {}))
    lines += _open311(results.get("open311", {}))
    return "\n".join(lines) + "\n"


def _locate(r: dict[str, Any]) -> list[str]:
    if "per_second" not in r:
        return ["## Point → quartier", "", f"Failed: {r.get('error', 'no result')}", ""]
    rate, speedup = r["per_second"], r["speedup_vs_naive"]
    return [
        "## Point → quartier",
        "",
        f"{r['quartiers']} quartiers ({r['territory']}), {r['points']} seeded points "
        f"({r['inside']} inside the city).",
        "",
        "| method | points/s | vs naive |",
        "|---|---:|---:|",
        f"| `geo.locate` (STRtree, prepared) | {rate['locate']:,} | ×{speedup['locate']} |",
        f"| `geo.locate_many` (vectorised) | {rate['locate_many']:,} | ×{speedup['locate_many']} |",
        f"| naive loop, shapely `contains` | {rate['naive']:,} | ×1 |",
        "",
        f"Agreement with the naive loop: {r['agreement_with_naive']:.1%}.",
        "",
    ]


def _open311(r: dict[str, Any]) -> list[str]:
    lines = ["## HTTP throughput", ""]
    if "minimal" not in r:
        return [*lines, f"Failed: {r.get('error', 'no result')}", ""]
    lines += [
        f"{r['database_requests']:,} requests in SQLite (loaddemo took {r['load_seconds']} s; "
        "it skips the load when a previous run left them); "
        f"server: {r['server']}; {r['threads']} keep-alive client connections.",
        "",
    ]
    if "open311" in r:
        lines += [f"Open311: {r['open311']}.", ""]
    lines += [
        "| endpoint | req/s | p50 ms | p99 ms | bytes | vs minimal |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in ("minimal", "open311_requests", "open311_requests_page_50"):
        if name in r:
            x = r[name]
            ratio = x.get("ratio_to_minimal", 1.0)
            lines.append(
                f"| `{x['path']}` | {x['requests_per_second']} | {x['p50_ms']} | {x['p99_ms']} "
                f"| {x['mean_bytes']:,} | {ratio} |"
            )
    return [*lines, ""]


if __name__ == "__main__":
    sys.exit(main())
