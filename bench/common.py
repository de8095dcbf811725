"""What every benchmark shares: paths, the machine's description, timing helpers."""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "var" / "bench"
# The real quartiers, when the shared data folder sits beside the project.
QUARTIERS_FILE = ROOT.parent / "shared" / "data" / "territory" / "marseille_quartiers_111.geojson"


def database_url(name: str) -> str:
    WORK.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{WORK / name}"


def environment(db_name: str, settings: str) -> dict[str, str]:
    """Variables for a benchmark process: its own database and var folder."""
    (WORK / "static").mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
    return {
        "DATABASE_URL": database_url(db_name),
        "DJANGO_SETTINGS_MODULE": settings,
        "MASSALIA_VAR_DIR": str(WORK),
    }


def setup_django(db_name: str, settings: str = "massalia.settings") -> None:
    """Point Django at a throwaway database, then set it up and migrate it."""
    os.environ.update(environment(db_name, settings))
    _setup_and_migrate()


def setup_django_url(url: str, settings: str = "massalia.settings") -> None:
    """Point Django at the database at `url` (e.g. PostgreSQL), then set it up and migrate it."""
    os.environ.update({**environment("unused.sqlite3", settings), "DATABASE_URL": url})
    _setup_and_migrate()


def _setup_and_migrate() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def machine() -> dict[str, Any]:
    """What the figures were measured on (PostgreSQL's version is added by its benchmark)."""
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu_model": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "python": sys.version.split()[0],
        "os": _os_name(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _cpu_model() -> str:
    for line in _read("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _memory_gib() -> float | None:
    for line in _read("/proc/meminfo").splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 1024 / 1024, 1)
    return None


def _os_name() -> str:
    for line in _read("/etc/os-release").splitlines():
        if line.startswith("PRETTY_NAME="):
            return line.split("=", 1)[1].strip().strip('"')
    return platform.system()


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


def run_part(module: str, part: str, database: str, env: dict[str, str], pg_url: str) -> Any:
    """Run `python -m <module> --part <part> <database>` in a process of its own (with its own
    database, created on PostgreSQL) and return the JSON its last line prints."""
    import json
    import subprocess

    env = dict(env)
    if database == "postgresql":
        created = subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-U", "postgres", pg_url.rsplit("/", 1)[1]],
            capture_output=True,
        )
        if created.returncode and b"already exists" not in created.stderr:
            return {"skipped": "PostgreSQL unreachable: " + created.stderr.decode()[:200]}
        env["DATABASE_URL"] = pg_url
    done = subprocess.run(
        [sys.executable, "-m", module, "--part", part, database],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        return {"error": done.stderr[-3000:]}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


Summary = Callable[[dict[str, Any]], list[str]]


def write_result(out: str, result: dict[str, Any], markdown: Summary) -> None:
    """Write a benchmark's figures to `out` (JSON, read by `make bench`) and print its summary."""
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=2, ensure_ascii=False)
    print("\n".join(markdown(result)))
