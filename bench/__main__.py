"""Run every benchmark, each in its own process, and write bench/results/latest.{json,md}."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import budget, citycard, creche, decp, eservices, inclusion, opinions, transit
from bench.common import RESULTS, ROOT, machine

BENCHMARKS: tuple[str, ...] = ("locate", "open311", "postgres", "pages", "exports")
BENCHMARKS += ("pulse_quality", "pulse_detector", "pulse_enrich", "pulse_dashboard", "decp")
BENCHMARKS += ("eservices", "creche", "budget", "opinions")
BENCHMARKS += ("transit",)
BENCHMARKS += ("citycard",)
BENCHMARKS += ("inclusion",)
PY = ".venv/bin/python -m"  # every command below runs from the project folder


def main(only: list[str]) -> int:
    """Run every benchmark, or only the named ones (their results replace those of the last
    full run in latest.json, and the summary says when each part was measured)."""
    unknown = set(only) - set(BENCHMARKS)
    if unknown:
        print(f"unknown benchmarks: {', '.join(sorted(unknown))} (known: {', '.join(BENCHMARKS)})")
        return 2
    results: dict[str, Any] = {"machine": machine(), "command": "make bench"}
    if only and (RESULTS / "latest.json").is_file():
        results = json.loads((RESULTS / "latest.json").read_text(encoding="utf-8"))
        results.setdefault("rerun", []).append({"date": machine()["date"], "benchmarks": only})
    failed = False
    started = time.perf_counter()
    for name in only or BENCHMARKS:
        print(f"bench: {name}…", flush=True)
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "result.json"
            done = subprocess.run([sys.executable, "-m", f"bench.{name}", str(out)], cwd=ROOT)
            if done.returncode == 0 and out.is_file():
                results[name] = json.loads(out.read_text(encoding="utf-8"))
                results[name].setdefault("command", f"{PY} bench.{name} OUT.json")
            else:
                results[name] = {"error": f"exit code {done.returncode}"}
                failed = True
    if results.get("rerun") and only:
        results["rerun"][-1]["seconds"] = round(time.perf_counter() - started)
    else:
        results["seconds"] = round(time.perf_counter() - started)
    results["machine"]["postgresql"] = results.get("postgres", {}).get("postgresql")
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
        f"Run on {m['date']} by `make bench` ({results.get('seconds', '?')} s in all).",
        "",
        f"- CPU: {m.get('cpu_model')}, {m['cpu_count']} cores (shared with other work)",
        f"- Memory: {m.get('memory_gib')} GiB",
        f"- OS: {m.get('os')} ({m['platform']})",
        f"- Python {m['python']}; PostgreSQL {m.get('postgresql') or 'not reachable'}",
        "",
        "Every command runs from the project folder; `OUT.json` is any file to write to.",
        "",
    ]
    for rerun in results.get("rerun", []):
        names = ", ".join(rerun["benchmarks"])
        lines += [f"Re-run on {rerun['date']} by `{PY} bench {' '.join(rerun['benchmarks'])}` "
                  f"({rerun.get('seconds', '?')} s): {names}.", ""]  # fmt: skip
    lines += _locate(results.get("locate", {}))
    lines += _open311(results.get("open311", {}))
    lines += _postgres(results.get("postgres", {}))
    lines += _pages(results.get("pages", {}))
    lines += _exports(results.get("exports", {}))
    lines += _pulse_quality(results.get("pulse_quality", {}))
    lines += _pulse_detector(results.get("pulse_detector", {}))
    lines += _pulse_enrich(results.get("pulse_enrich", {}))
    lines += _pulse_dashboard(results.get("pulse_dashboard", {}))
    lines += decp.markdown(results.get("decp", {}))
    lines += eservices.markdown(results.get("eservices", {}))
    lines += creche.markdown(results.get("creche", {}))
    lines += budget.markdown(results.get("budget", {}))
    lines += opinions.markdown(results.get("opinions", {}))
    lines += transit.markdown(results.get("transit", {}))
    lines += citycard.markdown(results.get("citycard", {}))
    lines += inclusion.markdown(results.get("inclusion", {}))
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
        f"Reproduce: `{PY} bench.locate OUT.json`.",
        "",
    ]


def _open311(r: dict[str, Any]) -> list[str]:
    lines = ["## HTTP throughput, SQLite", ""]
    if "skipped" in r:
        return [*lines, f"Skipped: {r['skipped']}.", ""]
    if "minimal" not in r:
        return [*lines, f"Failed: {r.get('error', 'no result')}", ""]
    lines += [
        f"{r['database_requests']:,} requests in SQLite (loaddemo took {r['load_seconds']} s; "
        "it skips the load when a previous run left them); "
        f"server: {r['server']}, rate limits off; load from {_client(r['minimal'])} with "
        f"{r['connections']} keep-alive connections on 127.0.0.1.",
        "",
    ]
    python = r.get("python_client_minimal")
    if python:
        rate, wrk = python["requests_per_second"], r["minimal"]["requests_per_second"]
        lines += [
            f"The former Python client, same connections, same minimal view: {rate} req/s, "
            f"so wrk drives ×{round(wrk / rate, 1) if rate else '?'} what it could: the ratios "
            "below measure the server, not the client.",
            "",
        ]
    if "open311" in r:
        lines += [f"Open311: {r['open311']}.", ""]
    lines += [
        "| endpoint | req/s | p50 ms | p99 ms | bytes | errors | vs minimal |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in ("minimal", "open311_requests", "open311_requests_page_50", "open311_post"):
        if name in r:
            x = r[name]
            ratio = x.get("ratio_to_minimal", 1.0)
            endpoint = f"POST {x['path']}" if x.get("method") == "POST" else x["path"]
            lines.append(
                f"| `{endpoint}` | {x['requests_per_second']} | {x['p50_ms']} | {x['p99_ms']} "
                f"| {x['mean_bytes']:,} | {x.get('errors', '?')} | {ratio} |"
            )
    lines += _first_post(r)
    return [*lines, "", f"Reproduce: `{PY} bench.open311 OUT.json`.", ""]


def _first_post(r: dict[str, Any]) -> list[str]:
    if "first_post_ms" not in r:
        return []
    return [
        "",
        "POSTs are form-encoded, with an API key and a unique description; the "
        f"{r.get('post_rows_deleted', 0):,} requests they filed were deleted afterwards. Every "
        "worker serves a warm-up first: the first POST a fresh server answered took "
        f"{r['first_post_ms']} ms (its worker loads the pulse's language and topic models).",
    ]


def _postgres(r: dict[str, Any]) -> list[str]:
    lines = ["## Open311 on PostgreSQL", ""]
    if "skipped" in r:
        return [*lines, f"Skipped: {r['skipped']}.", ""]
    if "minimal" not in r:
        return [*lines, f"Failed: {r.get('error', 'no result')}", ""]
    lines += [
        f"PostgreSQL {r['postgresql']}, database `{r['database_url'].rsplit('/', 1)[-1]}` with "
        f"{r['database_requests']:,} demo requests (loaddemo took {r['load_seconds']} s; it "
        f"skips the load when the count matches); server: {r['server']} on 127.0.0.1, "
        f"rate limits off; load from {_client(r['minimal'])} with {r['connections']} keep-alive "
        "connections, the same for every row. POSTs are form-encoded, with an API key and a "
        "unique description; "
        f"the {r.get('post_rows_deleted', 0):,} requests they filed were deleted afterwards.",
        "",
        "| endpoint | req/s | p50 ms | p99 ms | bytes | errors | vs minimal (req/s) "
        "| p50 vs minimal | p99 vs minimal | reproduce |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    base = r["minimal"]
    for name in ("minimal", "get_requests", "get_requests_page_50", "post_requests"):
        if name in r:
            x = r[name]
            p50 = round(x["p50_ms"] / base["p50_ms"], 1) if base["p50_ms"] else None
            p99 = round(x["p99_ms"] / base["p99_ms"], 1) if base["p99_ms"] else None
            lines.append(
                f"| `{x['method']} {x['path']}` | {x['requests_per_second']} | {x['p50_ms']} "
                f"| {x['p99_ms']} | {x['mean_bytes']:,} | {x['errors']} "
                f"| {x.get('ratio_to_minimal', 1.0)} | ×{p50} | ×{p99} "
                f"| `{x['command']}` |"
            )
    if "first_post_ms" in r:
        lines += [
            "",
            "Every worker serves a warm-up first: the first POST a fresh server answered took "
            f"{r['first_post_ms']} ms (its worker loads the pulse's language and topic models).",
        ]
    return [*lines, "", f"Prepare by hand: `{r['prepare_command']}`.", ""]


def _pages(r: dict[str, Any]) -> list[str]:
    lines = ["## Citizen pages: weight", ""]
    if "pages" not in r:
        return [*lines, f"Failed: {r.get('error', 'no result')}", ""]
    budget = r["budget_bytes"] // 1024
    browser = r["browser"] if isinstance(r["browser"], dict) else {}
    lines += [
        "Empty cache, bytes on the wire (bodies, as encoded; headers not counted). "
        "*No JS*: the HTML and the same-host stylesheets, scripts and images it names, fetched "
        "with `Accept-Encoding: gzip, br`. *Chromium*: everything Chromium loads with JavaScript "
        "until the network is idle, map tiles excluded (non-loopback requests are aborted). "
        f"Server: {r['server']} on the SQLite database of the section above. "
        f"⚠ marks a page over {budget} KB.",
        "",
    ]
    if not browser:
        lines += [f"Chromium: {r['browser']}.", ""]
    lines += [
        "| page | HTML KB | encoding | no JS: files | no JS KB | Chromium: requests "
        "| Chromium KB | | reproduce |",
        "|---|---:|---|---:|---:|---:|---:|---|---|",
    ]
    for path, x in r["pages"].items():
        seen = browser.get(path, {})
        flag = "⚠ over budget" if x["over_budget"] else ""
        lines.append(
            f"| `{path}` | {_kb(x['html_bytes'])} | {x['html_encoding']} | {1 + len(x['assets'])} "
            f"| {_kb(x['transferred_bytes'])} | {seen.get('requests', '–')} "
            f"| {_kb(seen['transferred_bytes']) if seen else '–'} | {flag} "
            f"| `{x['command']}` |"
        )
    lines.append("")
    for path, seen in browser.items():
        if r["pages"][path]["over_budget"]:
            heavy = sorted(seen["files"], key=lambda f: -f["transferred_bytes"])[:4]
            parts = ", ".join(f"`{f['url']}` {_kb(f['transferred_bytes'])} KB" for f in heavy)
            lines += [f"Heaviest files of `{path}`: {parts}.", ""]
    return lines


def _pulse_quality(r: dict[str, Any]) -> list[str]:
    lines = ["## Pulse: topic and sentiment quality", ""]
    if "topic" not in r:
        return [*lines, f"Failed: {r.get('error', 'no result')}", ""]
    for task in ("topic", "sentiment"):
        x = r.get(task, {})
        lines.append(f"- {task} ({x.get('split', '')}): `{x.get('last_line', '?')}`, "
                     f"reproduce: `{x.get('command', '')}`")  # fmt: skip
    return [*lines, "", f"Reproduce all: `{PY} bench.pulse_quality OUT.json`.", ""]


def _pulse_detector(r: dict[str, Any]) -> list[str]:
    lines = ["## Pulse: spike detector", ""]
    if "false_alarms" not in r:
        return [*lines, f"Failed: {r.get('error', 'no result')}", ""]
    overall = r["false_alarms"].get("overall", {})
    ours, naive = overall.get("ours", {}), overall.get("naive", {})
    return [
        *lines,
        f"{r.get('null_series')} quiet simulated series of {r.get('days_per_series')} days: "
        f"false alarms per series-year {ours.get('per_series_year')} (ours) against "
        f"{naive.get('per_series_year')} (mean + 3 sd of 28 days); power on injected spikes "
        "in the JSON result.",
        "",
        f"Reproduce: `{PY} bench.pulse_detector OUT.json`.",
        "",
    ]


def _pulse_enrich(r: dict[str, Any]) -> list[str]:
    lines = ["## Pulse: enrichment throughput (one core)", ""]
    if "receive_and_enrich" not in r:
        return [*lines, f"Failed: {r.get('error', 'no result')}", ""]
    lines += [
        f"{r['texts']:,} Grand Débat answers ({r['mean_chars']:,} characters on average), "
        f"one process, median of {r['repeat']} runs; CPU seconds are what the process used.",
        "",
        "| step | wall s | CPU s | messages/s (CPU) | share of enrichment |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in ("receive_only", "receive_and_enrich"):
        x = r[name]
        lines.append(f"| {name.replace('_', ' ')} | {x['seconds']} | {x['cpu_seconds']} "
                     f"| {x['per_cpu_second'] or '–'} | |")  # fmt: skip
    for name, x in r["steps"].items():
        rate, share = x["per_cpu_second"] or "–", x["share_of_enrichment"]
        lines.append(f"| {name} alone | {x['seconds']} | {x['cpu_seconds']} "
                     f"| {rate} | {share:.0%} |")  # fmt: skip
    return [
        *lines,
        "",
        f"Enrichment alone: {r['enrich_per_cpu_second']:,} messages per CPU second; receiving "
        f"and enriching costs ×{r['slowdown_vs_receive_only']} receiving only.",
        "",
        f"Reproduce: `{PY} bench.pulse_enrich OUT.json`.",
        "",
    ]


def _pulse_dashboard(r: dict[str, Any]) -> list[str]:
    lines = ["## Pulse: dashboard over a year of messages (SQLite)", ""]
    if "views" not in r:
        return [*lines, f"Failed: {r.get('error', 'no result')}", ""]
    lines += [
        f"{r['messages']:,} messages over a year (inserted in {r['insert_seconds']} s, 0 when "
        f"kept from a previous run); `aggregates.rebuild` of 366 days: {r['rebuild_seconds']} s, "
        f"{r['signal_rows']:,} DailySignal rows. Medians of {r['repeat']} runs, in ms.",
        "",
        "| twelve months of | dashboard data | page (test client) | GROUP BY on messages "
        "| data vs baseline |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, x in r["views"].items():
        data, page = x["dashboard_data"], x["dashboard_page"]
        lines.append(
            f"| {name.replace('_12_months', '').replace('_', ' ')} | {data['ms']} | {page['ms']} "
            f"| {x['baseline_group_by_messages']['ms']} | ×{data['speedup_vs_baseline']} |"
        )
    return [*lines, "", f"Reproduce: `{PY} bench.pulse_dashboard OUT.json`.", ""]


def _client(x: dict[str, Any]) -> str:
    return str(x.get("client", "the Python client"))


def _exports(r: dict[str, Any]) -> list[str]:
    lines = ["## Exports in constant memory (SQLite)", ""]
    if "runs" not in r:
        return [*lines, f"Failed: {r.get('error', 'no result')}", ""]
    lines += [
        "Peak resident memory of one process above its warm state (Linux VmHWM, reset once "
        "Django is warm), one fresh process per row. *Streamed*: the real views through "
        "Django's test client, read chunk by chunk (`/demandes.geojson?type=bench-N`, the "
        "pulse's `/barometre/export.csv` over N aggregates). *In memory*: the same file built "
        "from a list of every row (`json.dumps`, or a CSV in a string), as an export without "
        f"streaming does. Database built in {r['prepare_seconds']} s (bulk inserts; kept "
        "between runs).",
        "",
        "| export | rows | MiB above warm | peak RSS MiB | MB out | s | rows/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    labels = {
        "geojson_stream": "public requests GeoJSON, streamed",
        "geojson_in_memory": "public requests GeoJSON, in memory (baseline)",
        "csv_stream": "pulse CSV, streamed",
        "csv_in_memory": "pulse CSV, in memory (baseline)",
    }
    for kind, label in labels.items():
        for size, x in r["runs"].get(kind, {}).items():
            if "error" in x:
                lines.append(f"| {label} | {int(size):,} | failed: {x['error']} | | | | |")
                continue
            lines.append(
                f"| {label} | {x['rows']:,} | {x['peak_growth_mib']} | {x['peak_rss_mib']} "
                f"| {x['bytes'] / 1e6:.1f} | {x['seconds']} | {x['rows_per_second']:,} |"
            )
    first, last = r["sizes"][0], r["sizes"][-1]
    growth = "; ".join(
        f"{labels[k]}: {a} → {b} MiB" for k, (a, b) in r.get("growth_mib", {}).items()
    )
    return [
        *lines,
        "",
        f"Memory above warm from {first:,} to {last:,} rows (×{last // first} rows): {growth}.",
        "",
        f"Reproduce: `{PY} bench.exports OUT.json`.",
        "",
    ]


def _kb(size: int) -> str:
    return f"{size / 1024:.1f}"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
