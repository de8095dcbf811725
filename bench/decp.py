"""DECP import and procurement export: speed and memory against a plain reading of the file.

Run as `python -m bench.decp OUT.json` (BENCH_DECP_RECORDS=100000,
BENCH_DECP_EXPORT_SIZES="10000,100000,1000000" and BENCH_DECP_IN_MEMORY_MAX=100000, the
largest export built in memory, change the sizes).

Import: one DECP v2 file of N generated Marseille marchés (the demo's generator,
`massalia.demo.procurement.records`) with the dirt real files carry, in the shares of `DIRT`:
some repairable (mojibake, dates with a time zone, amounts in French writing, "NC" durations,
SIRETs with spaces, CPV codes with a check digit), some not (a wrong SIRET key, a 1e17 amount,
no notification date: quarantined), and records published twice in the file. Two fresh
processes read the same file in the same run: one `json.load`s it, the other imports it with
`transparency.importer.import_file` into an empty SQLite database (after a warm-up import of
a few other records); each reports its time and how far its resident memory rose above its
warm state (Linux VmHWM, reset once warm, as bench.exports measures).

Export: the procurement CSV of any search (`/marches-publics/export.csv?acheteur=…`) over N
contracts of a buyer of their own, streamed through Django's test client and read chunk by
chunk, against the same CSV built in memory from a list of every row. The contracts are bulk
inserted (kept between runs); one fresh process per measurement.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import ROOT, WORK, environment, setup_django

RECORDS = int(os.environ.get("BENCH_DECP_RECORDS", "100000"))
SIZES = [
    int(n) for n in os.environ.get("BENCH_DECP_EXPORT_SIZES", "10000,100000,1000000").split(",")
]
# The in-memory baseline grows with the rows (about 9 MiB per thousand): past this it would
# only take minutes and gigabytes to show the same slope.
IN_MEMORY_MAX = int(os.environ.get("BENCH_DECP_IN_MEMORY_MAX", "100000"))
IMPORT_DB = "decp-import.sqlite3"
EXPORT_DB = "decp-export.sqlite3"
SETTINGS = "bench.settings"
SEED = 1616
WARM_RECORDS = 50
BATCH = 5000
# The share of records carrying each kind of dirt (a record may carry several).
DIRT = {
    "mojibake": 0.04,  # the subject's UTF-8 read as Windows-1252
    "date_with_zone": 0.04,  # "2024-03-01T00:00:00+01:00"
    "nc_duration": 0.02,  # "dureeMois": "NC"
    "siret_spaces": 0.03,  # a supplier's SIRET written "812 231 132 00026"
    "cpv_check_digit": 0.02,  # "45261210-6"
    "bad_siret_key": 0.01,  # quarantined: the buyer's Luhn key is wrong
    "filler_amount": 0.005,  # quarantined: 1e17
    "no_date": 0.005,  # quarantined: no notification date
    "duplicate": 0.02,  # the same record again later in the file
}


# The generated file -----------------------------------------------------------------------


def generate(count: int, seed: int = SEED) -> tuple[dict[str, Any], dict[str, int]]:
    """A v2 document of `count` records with dirt, and how many records carry each kind."""
    from massalia.demo.procurement import records
    from massalia.transparency import identifiers

    pick = random.Random(seed)
    found = dict.fromkeys(DIRT, 0)
    clean = records(count - round(count * DIRT["duplicate"]), seed=seed)
    out: list[dict[str, Any]] = []
    for record in clean:
        for kind, share in DIRT.items():
            if kind != "duplicate" and pick.random() < share and _dirty(kind, record, identifiers):
                found[kind] += 1
        out.append(record)
    while len(out) < count:
        out.insert(pick.randrange(len(out) + 1), json.loads(json.dumps(pick.choice(clean))))
        found["duplicate"] += 1
    return {"marches": {"marche": out}}, found


def _dirty(kind: str, record: dict[str, Any], identifiers: Any) -> bool:
    if kind == "mojibake":
        try:
            record["objet"] = record["objet"].encode("utf-8").decode("cp1252")
        except UnicodeDecodeError:
            return False
        return True
    if kind == "date_with_zone":
        record["dateNotification"] += "T10:30:00+01:00"
    elif kind == "nc_duration":
        record["dureeMois"] = "NC"
    elif kind == "siret_spaces":
        holder = record["titulaires"][0]["titulaire"]
        siret = holder["id"]
        holder["id"] = f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    elif kind == "cpv_check_digit":
        record["codeCPV"] += f"-{identifiers.cpv_check_digit(record['codeCPV'])}"
    elif kind == "bad_siret_key":
        siret = record["acheteur"]["id"]
        record["acheteur"] = {
            **record["acheteur"],
            "id": siret[:-1] + str((int(siret[-1]) + 1) % 10),
        }
    elif kind == "filler_amount":
        record["montant"] = 1e17
    elif kind == "no_date":
        del record["dateNotification"]
    return True


def write_file(count: int) -> tuple[Path, dict[str, int], float]:
    """The file of `count` records in the bench folder (written again each run: seconds)."""
    WORK.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    document, dirt = generate(count)
    path = WORK / f"decp-{count}.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path, dirt, round(time.perf_counter() - started, 1)


# The run ----------------------------------------------------------------------------------


def main(out: str) -> None:
    # Each step in a process of its own: Django is set up once per process, on one database.
    made = _in_subprocess("generate", str(RECORDS), db=IMPORT_DB)
    path = Path(made["path"])
    result: dict[str, Any] = {
        "records": RECORDS,
        "file_mb": round(path.stat().st_size / 1e6, 1),
        "generate_seconds": made["seconds"],
        "dirt": made["dirt"],
        "dirt_shares": DIRT,
        "database": "SQLite",
    }
    result["json_load"] = _in_subprocess("json_load", str(path), db=IMPORT_DB)
    print(f"bench.decp: json.load: {result['json_load']}", flush=True)
    for leftover in WORK.glob(IMPORT_DB + "*"):
        leftover.unlink()
    result["import"] = _in_subprocess("import", str(path), db=IMPORT_DB)
    print(f"bench.decp: import: {result['import']}", flush=True)
    loaded, imported = result["json_load"], result["import"]
    if "seconds" in loaded and "seconds" in imported:
        result["ratios"] = {
            "time_vs_json_load": _ratio(imported["seconds"], loaded["seconds"]),
            "memory_vs_json_load": _ratio(imported["peak_growth_mib"], loaded["peak_growth_mib"]),
        }
    result["export_sizes"] = SIZES
    result["in_memory_max"] = IN_MEMORY_MAX
    result["export_prepare_seconds"] = _in_subprocess("prepare", "0", db=EXPORT_DB)["seconds"]
    runs: dict[str, dict[str, Any]] = {"csv_stream": {}, "csv_in_memory": {}}
    for size in SIZES:
        for kind in runs:
            if kind == "csv_in_memory" and size > IN_MEMORY_MAX:
                continue
            runs[kind][str(size)] = _in_subprocess(kind, str(size), db=EXPORT_DB)
            print(f"bench.decp: {kind} {size:,}: {runs[kind][str(size)]}", flush=True)
    result["exports"] = runs
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def _in_subprocess(kind: str, argument: str, *, db: str) -> dict[str, Any]:
    env = {**os.environ, **environment(db, SETTINGS), "DEBUG": "false"}
    done = subprocess.run(
        [sys.executable, "-m", "bench.decp", "--measure", kind, argument],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else done.returncode}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


# Preparing the export database ------------------------------------------------------------


def _export_buyer_siret(size: int) -> str:
    from massalia.demo.procurement import luhn_siret

    return luhn_siret(f"9{size:012d}"[-13:])


def _prepare_exports() -> float:
    """For each size N, a buyer of its own with N contracts and one supplier each."""
    setup_django(EXPORT_DB, SETTINGS)
    from massalia.transparency.models import Buyer, Contract

    started = time.perf_counter()
    for size in SIZES:
        buyer, _ = Buyer.objects.get_or_create(
            siret=_export_buyer_siret(size), defaults={"name": f"Acheteur d'essai {size}"}
        )
        if Contract.objects.filter(buyer=buyer).count() != size:
            Contract.objects.filter(buyer=buyer).delete()
            _insert_contracts(buyer, size)
    return round(time.perf_counter() - started, 1)


def _insert_contracts(buyer: Any, size: int) -> None:
    from datetime import date, timedelta
    from decimal import Decimal

    from django.db import transaction

    from massalia.demo.procurement import luhn_siret
    from massalia.transparency.models import Contract, ContractSupplier, Supplier

    pick = random.Random(size)
    suppliers = [
        Supplier.objects.get_or_create(
            id_type="SIRET",
            identifier=luhn_siret(f"8{n:012d}"),
            defaults={"name": f"Entreprise d'essai {n}"},
        )[0]
        for n in range(200)
    ]
    with transaction.atomic():
        for first in range(0, size, BATCH):
            rows = []
            for n in range(first, min(size, first + BATCH)):
                day = date(2019, 1, 1) + timedelta(days=n % 2400)
                amount = Decimal(pick.randrange(1_000_00, 900_000_00)) / 100
                rows.append(Contract(
                    key=f"{buyer.siret}-E{size}-{n}-{day.year}", kind="marche", buyer=buyer,
                    decp_id=f"E{size}-{n}", year=day.year, schema_version="2",
                    nature="Marché", subject=f"Entretien d'essai n° {n} ; lot « {n % 17} »",
                    cpv="77313000", procedure="Procédure adaptée", place_code="13207",
                    place_type="Code commune", price_form="Forfaitaire", notified_on=day,
                    published_on=day + timedelta(days=9), duration_months=12, amount=amount,
                    current_duration_months=12, current_amount=amount, data={},
                    fingerprint="",
                ))  # fmt: skip
            made = Contract.objects.bulk_create(rows)
            ContractSupplier.objects.bulk_create(
                ContractSupplier(contract=c, supplier=pick.choice(suppliers), position=1)
                for c in made
            )


# One measurement, in its own process -------------------------------------------------------


def _status(field: str) -> int:
    """A memory figure of this process from /proc, in KiB."""
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} missing from /proc/self/status")


def _reset_peak() -> None:
    # "5" resets the peak resident set size (VmHWM) to the current one (Linux ≥ 4.0).
    with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
        handle.write("5")


def _timed(run: Any) -> dict[str, Any]:
    _reset_peak()
    base = _status("VmRSS")
    started = time.perf_counter()
    figures = run()
    seconds = time.perf_counter() - started
    peak = _status("VmHWM")
    return {
        **figures,
        "seconds": round(seconds, 2),
        "warm_rss_mib": round(base / 1024, 1),
        "peak_rss_mib": round(peak / 1024, 1),
        "peak_growth_mib": round((peak - base) / 1024, 1),
    }


def measure_json_load(path: str) -> dict[str, Any]:
    def run() -> dict[str, Any]:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
        return {"records": len(document["marches"]["marche"])}

    found = _timed(run)
    found["records_per_second"] = round(found["records"] / found["seconds"])
    return found


def measure_import(path: str) -> dict[str, Any]:
    setup_django(IMPORT_DB, SETTINGS)
    from massalia.transparency.importer import import_file

    warm = WORK / "decp-warm.json"
    document, _ = generate(WARM_RECORDS, seed=SEED + 1)
    for n, record in enumerate(document["marches"]["marche"]):
        record["id"] = f"W{n}"  # not one of the measured file's contracts
    warm.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    import_file(warm)

    def run() -> dict[str, Any]:
        counts = import_file(Path(path))
        return {"records": counts.read, "counts": counts.line()}

    found = _timed(run)
    found["records_per_second"] = round(found["records"] / found["seconds"])
    return found


def _export_rows(size: int) -> Any:
    from massalia.transparency import selectors
    from massalia.transparency.models import Buyer

    if not size:  # the warm-up: a search that finds nothing (no filter would find them all)
        return selectors.contracts({"q": "aucun contrat de ce nom"})
    buyer = Buyer.objects.get(siret=_export_buyer_siret(size))
    return selectors.contracts({"acheteur": buyer.pk})


def measure_export(kind: str, size: int) -> dict[str, Any]:
    from django.test import Client

    from massalia.transparency import selectors

    client = Client()

    def stream(n: int) -> dict[str, Any]:
        from massalia.transparency.models import Buyer

        if n:
            buyer = Buyer.objects.get(siret=_export_buyer_siret(n))
            query = {"acheteur": str(buyer.pk)}
        else:
            query = {"q": "aucun contrat de ce nom"}
        response = client.get("/marches-publics/export.csv", query)
        assert response.status_code == 200, response.status_code
        count = lines = 0
        for chunk in response.streaming_content:  # type: ignore[attr-defined]
            count += len(chunk)
            lines += chunk.count(b"\n")
        return {"rows": lines - 1, "bytes": count}  # the header, then a line per contract

    def in_memory(n: int) -> dict[str, Any]:
        from massalia.transparency import exports

        dataset = exports.table()
        # Read in chunks (a prefetch of every row at once passes SQLite's limit on variables),
        # but every row kept in one list, then the whole file in one string.
        rows = list(exports.table_rows(_export_rows(n)).iterator(chunk_size=2000))
        text = io.StringIO()
        writer = csv.writer(text, delimiter=";")
        writer.writerow([c.header for c in dataset.columns])
        for row in rows:
            values = [c.of(row) for c in dataset.columns]
            writer.writerow(["" if v is None else str(v).replace(".", ",") for v in values])
        body = ("\ufeff" + text.getvalue()).encode()
        return {"rows": len(rows), "bytes": len(body)}

    run = stream if kind == "csv_stream" else in_memory
    assert selectors  # imported once here, so that the warm-up below has loaded it
    run(0)  # warm: imports, URL resolvers, first queries
    found = _timed(lambda: run(size))
    found["rows_per_second"] = round(found["rows"] / found["seconds"]) if found["seconds"] else None
    return found


def _measure(kind: str, argument: str) -> dict[str, Any]:
    if kind == "generate":
        import django

        django.setup()
        path, dirt, seconds = write_file(int(argument))
        return {"path": str(path), "dirt": dirt, "seconds": seconds}
    if kind == "prepare":
        return {"seconds": _prepare_exports()}
    if kind == "json_load":
        return measure_json_load(argument)
    if kind == "import":
        return measure_import(argument)
    import django

    django.setup()
    return measure_export(kind, int(argument))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--measure":
        print(json.dumps(_measure(sys.argv[2], sys.argv[3])))
    else:
        main(sys.argv[1])


# The section of bench/results/latest.md ---------------------------------------------------


def markdown(r: dict[str, Any]) -> list[str]:
    lines = ["## Procurement: DECP import and CSV export (SQLite)", ""]
    if "import" not in r:
        return [*lines, f"Failed: {r.get('error', 'no result')}", ""]
    loaded, imported, dirt = r["json_load"], r["import"], r["dirt"]
    shares = ", ".join(f"{kind.replace('_', ' ')} {n:,}" for kind, n in dirt.items())
    lines += [
        f"One DECP v2 file of {r['records']:,} generated marchés ({r['file_mb']} MB), with dirt: "
        f"{shares} (records carrying each kind). Each figure from a fresh process; memory is the "
        "peak resident set above the warm process (Linux VmHWM, reset once warm).",
        "",
        "| reading | records | s | records/s | MiB above warm | peak RSS MiB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, x in (("`json.load` of the file", loaded), ("`import_file` (SQLite)", imported)):
        if "error" in x:
            lines.append(f"| {label} | failed: {x['error']} | | | | |")
            continue
        lines.append(
            f"| {label} | {x['records']:,} | {x['seconds']} | {x['records_per_second']:,} "
            f"| {x['peak_growth_mib']} | {x['peak_rss_mib']} |"
        )
    time = _ratio(imported.get("seconds", 0), loaded.get("seconds", 0))
    memory = _ratio(imported.get("peak_growth_mib", 0), loaded.get("peak_growth_mib", 0))
    lines += [
        "",
        f"Import against `json.load` of the same file: ×{time or 0:.3g} the time, "
        f"×{memory or 0:.3g} the memory "
        f"above warm (the import streams the file). Counts: `{imported.get('counts', '?')}`.",
        "",
        "The procurement CSV of a search (`/marches-publics/export.csv?acheteur=…`, N contracts "
        "of one buyer, one supplier each, among all sizes' contracts), streamed through "
        "Django's test client and read chunk by chunk, against the same file built in memory "
        f"from a list of every row (up to {r.get('in_memory_max', IN_MEMORY_MAX):,} rows); "
        f"contracts bulk inserted in {r['export_prepare_seconds']} s (kept between runs).",
        "",
        "| export | rows | MiB above warm | peak RSS MiB | MB out | s | rows/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    labels = {"csv_stream": "CSV, streamed", "csv_in_memory": "CSV, in memory (baseline)"}
    for kind, label in labels.items():
        for size, x in r["exports"].get(kind, {}).items():
            if "error" in x:
                lines.append(f"| {label} | {int(size):,} | failed: {x['error']} | | | | |")
                continue
            lines.append(
                f"| {label} | {x['rows']:,} | {x['peak_growth_mib']} | {x['peak_rss_mib']} "
                f"| {x['bytes'] / 1e6:.1f} | {x['seconds']} | {x['rows_per_second']:,} |"
            )
    if r.get("exports_note"):
        lines += ["", f"Note: {r['exports_note']}."]
    return [*lines, "", "Reproduce: `.venv/bin/python -m bench.decp OUT.json`.", ""]
