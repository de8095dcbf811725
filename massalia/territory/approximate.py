"""An approximate territory for a fresh machine without the official quartiers file.

Well-known quartiers of each arrondissement have an approximate point (`marseille`); their
Voronoi cells, clipped to a coarse outline of the commune, become approximate quartiers
("Noailles (approximatif)", `is_approximate=True`) and each arrondissement is the union of
its cells. Every point of the city therefore locates somewhere, though boundaries may be off
by a few hundred metres. Importing the official file (`territory import`) replaces it.
"""

from __future__ import annotations

import json

import shapely
from django.db import transaction
from django.utils.text import slugify

from massalia.territory import gazetteer, geo, marseille
from massalia.territory.models import Arrondissement, Quartier
from massalia.territory.services import ensure_arrondissements

LABEL = "approximatif"


def is_approximate() -> bool:
    """True while the territory is (even partly) approximate, or empty."""
    quartiers = Quartier.objects.all()
    return not quartiers.exists() or quartiers.filter(is_approximate=True).exists()


@transaction.atomic
def build() -> None:
    """Build (or refresh) the approximate territory; idempotent.

    Does nothing to a city that already has real quartiers: the official file wins.
    """
    if Quartier.objects.filter(is_approximate=False).exists():
        return
    arrondissements = ensure_arrondissements()
    cells = _cells()
    for (number, name, lat, lon), cell in cells:
        arrondissement = arrondissements[f"132{number:02d}"]
        values = {
            "name": f"{name} ({LABEL})",
            "arrondissement": arrondissement,
            "geometry": _geojson(cell),
            "centroid_latitude": lat,
            "centroid_longitude": lon,
            "is_approximate": True,
        }
        Quartier.objects.update_or_create(
            slug=slugify(f"approx {name} {arrondissement.insee_code}"), defaults=values
        )
    for number in marseille.SECTOR_OF:
        union = shapely.unary_union([cell for (n, *_), cell in cells if n == number])
        Arrondissement.objects.filter(insee_code=f"132{number:02d}").update(
            geometry=_geojson(union), is_approximate=True
        )
    geo.invalidate()
    gazetteer.invalidate()


def _cells() -> list[tuple[tuple[int, str, float, float], shapely.Geometry]]:
    """Each well-known quartier point with its Voronoi cell clipped to the commune's outline."""
    seeds = [
        (number, name, lat, lon)
        for number, points in marseille.QUARTIER_POINTS.items()
        for name, lat, lon in points
    ]
    outline = shapely.Polygon(marseille.OUTLINE)
    points = shapely.MultiPoint([(lon, lat) for _, _, lat, lon in seeds])
    regions = shapely.voronoi_polygons(points, extend_to=outline, ordered=True)
    return [
        (seed, region.intersection(outline))
        for seed, region in zip(seeds, regions.geoms, strict=True)
    ]


def _geojson(geometry: shapely.Geometry) -> dict:
    return json.loads(shapely.to_geojson(geometry))
