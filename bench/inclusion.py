"""Directory of help: the search a person makes over 50,000 services, against plain list
queries on the same rows in the same run.

Run as `python -m bench.inclusion OUT.json` (BENCH_INCLUSION_SERVICES=50000,
BENCH_INCLUSION_PLACES=3000, BENCH_INCLUSION_REPEAT=15 and BENCH_INCLUSION_SEED change the
sizes and the draw; BENCH_INCLUSION_PROFILE=0 leaves out the profile of one search by cProfile).

The data (SQLite file, generated once and kept between runs): PLACES places spread over
Marseille's official quartiers (a point drawn inside its quartier's polygon, the quartier
found by `geo.locate`), each speaking French and some also Arabic, English, Comorian,
Spanish…; SERVICES services over them, each with one to three data·inclusion thématiques
drawn from the whole official list, audiences, fees, reception modes, and opening hours in the
OpenStreetMap format (half of them none: the place's then count), drawn from a dozen patterns
with shifted times, so a few hundred distinct strings.

Queries, at a fixed Tuesday 10:30 so that "open now" keeps the same answer: each is the
`SearchForm` → `Criteria` → `selectors.search` → first page of 20 (`Paginator`) → its
places' services (`selectors.with_services`), what the `/aide/` view computes before rendering.
Each beside its baselines, in turn, REPEAT times:

- `plain list`: `Service.objects.filter(need_filter(need))[:20]` evaluated, the floor of any
  list of services for the need;
- `no open now`: the same search without "open now" (the hours of every hit are still
  evaluated: the page says open or closed for each).

Figures: median and p95 of the wall time of one call, and the ratios to the plain list.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from bench.common import QUARTIERS_FILE, machine, percentile, setup_django, write_result

SERVICES = int(os.environ.get("BENCH_INCLUSION_SERVICES", "50000"))
PLACES = int(os.environ.get("BENCH_INCLUSION_PLACES", "3000"))
REPEAT = int(os.environ.get("BENCH_INCLUSION_REPEAT", "15"))
SEED = int(os.environ.get("BENCH_INCLUSION_SEED", "17"))
PROFILE = os.environ.get("BENCH_INCLUSION_PROFILE", "1") == "1"
SOURCE = "bench"
DB = "inclusion.sqlite3"
PY = ".venv/bin/python -m"
# Tuesday 3 June 2025, 10:30 in Marseille (a naive time is local time to `hours`).
NOW = datetime(2025, 6, 3, 10, 30)

# Query name → the GET parameters of /aide/ (the form checks them as the page does).
QUERIES: dict[str, dict[str, str]] = {
    "emploi_near_address_open_now": {
        "besoin": "emploi",
        "adresse": "rue de la République",
        "rayon": "1000",
        "ouvert": "on",
    },
    "sante_near_address_2km_nearest_first": {
        "besoin": "sante",
        "adresse": "boulevard Baille",
        "rayon": "2000",
    },
    "droits_language_ar_open_now": {"besoin": "droits", "langue": "ar", "ouvert": "on"},
    "numerique_in_quartier_open_now": {"besoin": "numerique", "quartier": "", "ouvert": "on"},
    "logement_whole_city": {"besoin": "logement"},
    "landing_page_no_criteria": {},
}
STREETS_FILE = QUARTIERS_FILE.parent / "marseille_streets_index.json"
QUARTIER_NAME = "BELSUNCE"  # the quartier of the query "in a quartier"

HOURS = (
    "Mo-Fr {a}-12:00,{p}-17:00",
    "Mo-Fr {a}-12:30",
    "Mo,Tu,Th {a}-12:00; We {p}-18:00",
    "Tu-Sa 10:00-18:00",
    "Mo-Fr {a}-17:00; PH off",
    "Mo-Th {a}-12:00,{p}-16:30; Fr {a}-12:00",
    "Mo-Fr {p}-17:30",
    "Sa 09:00-12:00",
    "Mo-Fr 09:00-18:00; Sa 09:00-12:00",
    "We {p}-17:00",
    "Mo-Fr {a}-{e}",
    "24/7",
)
MORNINGS = [f"{h:02d}:{m:02d}" for h in (8, 9, 10) for m in (0, 15, 30, 45)]
AFTERNOONS = [f"{h:02d}:{m:02d}" for h in (13, 14) for m in (0, 15, 30, 45)]
EVENINGS = [f"{h:02d}:{m:02d}" for h in (16, 17, 18, 19) for m in (0, 30)]
LANGUAGES = (("ar", 0.3), ("en", 0.2), ("zdj", 0.05), ("es", 0.05), ("it", 0.05), ("tr", 0.03))
SERVICE_NAMES = (
    "Accueil et orientation",
    "Permanence",
    "Atelier",
    "Accompagnement individuel",
    "Point d'information",
    "Aide aux démarches",
)


def _territory() -> str:
    from django.core.management import call_command

    from massalia.territory.models import Quartier, Street

    if QUARTIERS_FILE.is_file():
        if not Quartier.objects.filter(is_approximate=False).exists():
            call_command("territory", "import", str(QUARTIERS_FILE), stdout=io.StringIO())
        if STREETS_FILE.is_file() and not Street.objects.exists():  # the addresses' gazetteer
            call_command("territory", "import-streets", str(STREETS_FILE), stdout=io.StringIO())
        return "official quartiers (shared data)"
    from massalia.territory import approximate

    approximate.build()
    return "approximate territory"


def _hours(pick: random.Random) -> str:
    pattern = pick.choice(HOURS)
    return pattern.format(a=pick.choice(MORNINGS), p=pick.choice(AFTERNOONS),
                          e=pick.choice(EVENINGS))  # fmt: skip


def _generate() -> float:
    """PLACES places and SERVICES services of the source "bench", unless already there."""
    from django.db import transaction
    from shapely.geometry import Point, shape

    from massalia.inclusion import vocabulary
    from massalia.inclusion.models import Service, Structure
    from massalia.inclusion.tags import join_tags
    from massalia.territory import geo
    from massalia.territory.models import Quartier

    have = Service.objects.filter(source=SOURCE).count()
    if have == SERVICES and Structure.objects.filter(source=SOURCE).count() == PLACES:
        return 0.0
    started = time.perf_counter()
    Structure.objects.filter(source=SOURCE).delete()
    pick = random.Random(SEED)
    outlines = Quartier.objects.order_by("id").values_list("geometry", flat=True)
    polygons = [shape(g) for g in outlines]
    points: list[tuple[float, float]] = []
    while len(points) < PLACES:
        polygon = pick.choice(polygons)
        west, south, east, north = polygon.bounds
        lat, lon = pick.uniform(south, north), pick.uniform(west, east)
        if polygon.contains(Point(lon, lat)):
            points.append((lat, lon))
    located = geo.locate_many(points)
    thematiques = sorted(vocabulary.THEMATIQUES)
    publics = sorted(vocabulary.PUBLICS)
    modes = sorted(vocabulary.MODES_ACCUEIL)
    day = date(2025, 1, 10)
    with transaction.atomic():
        places = []
        for n, ((lat, lon), where) in enumerate(zip(points, located, strict=True)):
            spoken = ["fr"] + [code for code, share in LANGUAGES if pick.random() < share]
            places.append(Structure(
                source=SOURCE, ident=f"lieu-{n}", nom=f"Lieu d'accueil {n}",
                commune="Marseille", code_postal="13001", adresse=f"{n % 200 + 1} rue d'essai",
                latitude=lat, longitude=lon, quartier_id=where.quartier_id if where else None,
                horaires=_hours(pick) if pick.random() < 0.9 else "", date_maj=day,
                langues=join_tags(spoken), telephone="04 91 00 00 00",
            ))  # fmt: skip
        Structure.objects.bulk_create(places, batch_size=1000)
        ids = list(Structure.objects.filter(source=SOURCE).values_list("pk", flat=True))
        rows = []
        for n in range(SERVICES):
            rows.append(Service(
                structure_id=pick.choice(ids), source=SOURCE, ident=f"service-{n}",
                nom=f"{pick.choice(SERVICE_NAMES)} {n}",
                description="Un service généré pour mesurer la recherche de l'annuaire.",
                thematiques=join_tags(pick.sample(thematiques, pick.randint(1, 3))),
                frais=pick.choice(("gratuit", "gratuit", "payant")),
                publics=join_tags(pick.sample(publics, pick.randint(1, 2))),
                modes_accueil=join_tags(pick.sample(modes, 1)),
                horaires=_hours(pick) if pick.random() < 0.5 else "", date_maj=day,
            ))  # fmt: skip
        Service.objects.bulk_create(rows, batch_size=2000)
    return round(time.perf_counter() - started, 1)


def _criteria(params: dict[str, str]) -> Any:
    from massalia.inclusion.forms import SearchForm
    from massalia.territory.models import Quartier

    if "quartier" in params:
        params = {**params, "quartier": str(Quartier.objects.get(name=QUARTIER_NAME).pk)}
    form = SearchForm(params)
    if not form.is_valid():
        raise RuntimeError(f"{params}: {form.errors}")
    return form.criteria()


def _search(params: dict[str, str]) -> Callable[[], Any]:
    """The view's computation before rendering: form, criteria, search, first page."""
    from django.core.paginator import Paginator

    from massalia.inclusion import selectors

    def run() -> Any:
        criteria = _criteria(params) if params else selectors.Criteria()
        hits = selectors.search(criteria, now=NOW)
        page = Paginator(hits, 20).get_page(1)
        selectors.with_services(page.object_list, criteria)
        return len(hits), list(page.object_list)

    return run


def _plain(need: str) -> Callable[[], Any]:
    from massalia.inclusion.models import Service
    from massalia.inclusion.selectors import need_filter

    def run() -> Any:
        services = Service.objects.all()
        if need:
            services = services.filter(need_filter(need))
        return len(list(services[:20])), []

    return run


# Profile rows named in the summary: (what it is, how the function's name ends).
WHERE = (
    ("rows made into model objects (`Model.from_db`)", " from_db"),
    ("JSON decoded (`JSONField.from_db_value`)", " from_db_value"),
    ("SQL run (`execute_sql`)", " execute_sql"),
    ("opening hours evaluated (`hours.is_open`)", " is_open"),
)


def _figures(spent: list[float]) -> dict[str, float]:
    ordered = sorted(spent)
    return {"median_ms": round(statistics.median(ordered) * 1000, 2),
            "p95_ms": round(percentile(ordered, 0.95) * 1000, 2)}  # fmt: skip


def _profile(run: Callable[[], Any]) -> list[dict[str, Any]]:
    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    stats = pstats.Stats(profiler)
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][3])  # type: ignore[attr-defined]
    total = rows[0][1][3] if rows else 0.0  # the search itself: the outermost call
    return [
        {"function": f"{path.rsplit('/', 2)[-1]}:{line} {name}", "cumulative_s": round(cum, 3),
         "share": round(cum / total, 2) if total else None}
        for (path, line, name), (_, _, _, cum, _) in rows[:25]
    ]  # fmt: skip


def run() -> dict[str, Any]:
    setup_django(DB)
    territory = _territory()
    generated = _generate()
    from massalia.inclusion import hours
    from massalia.inclusion.models import Service, Structure

    services = Service.objects.filter(source=SOURCE)
    result: dict[str, Any] = {
        "territory": territory,
        "places": Structure.objects.filter(source=SOURCE).count(),
        "services": services.count(),
        "distinct_hours": len(
            set(services.values_list("horaires", flat=True))
            | set(Structure.objects.values_list("horaires", flat=True))
        ),
        "services_without_hours": services.filter(horaires="").count(),
        "generate_seconds": generated,
        "repeat": REPEAT,
        "seed": SEED,
        "at": NOW.isoformat(),
        "parse_cache_size": hours.parse.cache_info().maxsize,
        "queries": {},
    }
    for name, params in QUERIES.items():
        no_open = {k: v for k, v in params.items() if k != "ouvert"}
        calls = {"search": _search(params), "plain_list": _plain(params.get("besoin", ""))}
        if no_open != params:
            calls["no_open_now"] = _search(no_open)
        for call in calls.values():
            call()  # warm-up: caches, the gazetteer's index, the quartier index
        spent: dict[str, list[float]] = {k: [] for k in calls}
        found: dict[str, int] = {}
        for _ in range(REPEAT):
            for key, call in calls.items():
                started = time.perf_counter()
                count, _page = call()
                spent[key].append(time.perf_counter() - started)
                found[key] = count
        row: dict[str, Any] = {"params": params, "hits": found["search"]}
        for key, values in spent.items():
            row[key] = _figures(values)
        plain = row["plain_list"]["median_ms"]
        row["median_vs_plain"] = round(row["search"]["median_ms"] / plain, 1)
        row["p95_vs_plain"] = round(row["search"]["p95_ms"] / row["plain_list"]["p95_ms"], 1)
        if "no_open_now" in row:
            row["hits_without_open_now"] = found["no_open_now"]
            row["median_vs_no_open_now"] = round(
                row["search"]["median_ms"] / row["no_open_now"]["median_ms"], 2
            )
        result["queries"][name] = row
    if PROFILE:
        landing = _search(QUERIES["landing_page_no_criteria"])
        result["profile"] = {"query": "landing_page_no_criteria", "top": _profile(landing)}
    return result


def markdown(r: dict[str, Any]) -> list[str]:
    lines = ["## Directory of help: search over 50,000 services (SQLite)", ""]
    if "queries" not in r:
        return [*lines, f"Failed: {r.get('error', 'no result')}", ""]
    lines += [
        f"{r['services']:,} generated services on {r['places']:,} places over the "
        f"{r['territory']}, {r['distinct_hours']:,} distinct opening-hours strings "
        f"({r['services_without_hours']:,} services with none: the place's count). Each row: "
        "form → criteria → `selectors.search` → first page of 20 and its services, at a fixed "
        "Tuesday 10:30, "
        f"{r['repeat']} runs in turn with its baselines, one process; *plain list* is "
        "`Service.objects.filter(need_filter(need))[:20]`.",
        "",
        "| query | places found | search median / p95 ms | no open now median ms "
        "| plain list median / p95 ms | search ÷ plain (median) | ÷ no open now |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, q in r["queries"].items():
        s, p, n = q["search"], q["plain_list"], q.get("no_open_now")
        lines.append(
            f"| {name.replace('_', ' ')} | {q['hits']:,} | {s['median_ms']} / {s['p95_ms']} "
            f"| {n['median_ms'] if n else '–'} | {p['median_ms']} / {p['p95_ms']} "
            f"| ×{q['median_vs_plain']} | {'×' + str(q['median_vs_no_open_now']) if n else '–'} |"
        )
    top = r.get("profile", {}).get("top", [])
    parts = [
        f"{label} {row['share']:.0%}"
        for label, name in WHERE
        for row in top[:25]
        if row["function"].endswith(name)
    ]
    if parts:
        lines += ["", "Where one landing-page search spends its time (cProfile, share of the "
                  f"search): {', '.join(parts)}."]  # fmt: skip
    return [*lines, "", f"Reproduce: `{r.get('command', PY + ' bench.inclusion OUT.json')}`.", ""]


def main(out: str) -> None:
    result = {"machine": machine(), **run(), "command": f"{PY} bench.inclusion OUT.json"}
    write_result(out, result, markdown)


if __name__ == "__main__":
    main(sys.argv[1])
