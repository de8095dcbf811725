"""Point → quartier: the platform's indexed `locate` / `locate_many` against a naive loop.

Run as `python -m bench.locate OUT.json`.
"""

from __future__ import annotations

import io
import json
import random
import sys
import time
from typing import Any

from bench.common import QUARTIERS_FILE, setup_django

POINTS = 20_000
NAIVE_POINTS = 2_000


def main(out: str) -> None:
    setup_django("locate.sqlite3")
    territory = _territory()
    from shapely.geometry import Point, shape

    from massalia.territory import geo
    from massalia.territory.models import Quartier

    rows = list(Quartier.objects.order_by("id").values_list("id", "geometry"))
    polygons = [(pk, shape(geometry)) for pk, geometry in rows]
    points = _points(polygons)
    geo.locate(*points[0])  # build the index outside the timings

    started = time.perf_counter()
    single = [geo.locate(lat, lon) for lat, lon in points]
    locate_s = time.perf_counter() - started

    started = time.perf_counter()
    many = geo.locate_many(points)
    many_s = time.perf_counter() - started

    sample = points[:NAIVE_POINTS]
    started = time.perf_counter()
    naive = [next((pk for pk, poly in polygons if poly.contains(Point(lon, lat))), None)
             for lat, lon in sample]  # fmt: skip
    naive_s = time.perf_counter() - started

    agree = sum(
        (p.quartier_id if p else None) == n
        for p, n in zip(single[:NAIVE_POINTS], naive, strict=True)
    )
    rate = {"locate": POINTS / locate_s, "locate_many": POINTS / many_s}
    rate["naive"] = NAIVE_POINTS / naive_s
    result: dict[str, Any] = {
        "territory": territory,
        "quartiers": len(polygons),
        "points": POINTS,
        "inside": sum(p is not None for p in single),
        "naive_points": NAIVE_POINTS,
        "agreement_with_naive": agree / NAIVE_POINTS,
        "per_second": {k: round(v) for k, v in rate.items()},
        "speedup_vs_naive": {
            "locate": round(rate["locate"] / rate["naive"], 1),
            "locate_many": round(rate["locate_many"] / rate["naive"], 1),
        },
        "locate_many_matches_locate": [p for p in many] == single,
    }
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


def _territory() -> str:
    from django.core.management import call_command

    from massalia.territory.models import Quartier

    if QUARTIERS_FILE.is_file():
        if not Quartier.objects.filter(is_approximate=False).exists():
            call_command("territory", "import", str(QUARTIERS_FILE), stdout=io.StringIO())
        return "official quartiers (shared data)"
    from massalia.territory import approximate

    approximate.build()
    return "approximate territory"


def _points(polygons: list[tuple[int, Any]]) -> list[tuple[float, float]]:
    """Seeded points over the city's bounding box (some fall outside the city, like real input)."""
    pick = random.Random(7)
    bounds = [poly.bounds for _, poly in polygons]
    west, south = min(b[0] for b in bounds), min(b[1] for b in bounds)
    east, north = max(b[2] for b in bounds), max(b[3] for b in bounds)
    return [(pick.uniform(south, north), pick.uniform(west, east)) for _ in range(POINTS)]


if __name__ == "__main__":
    main(sys.argv[1])
