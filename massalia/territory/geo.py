"""Point → quartier and arrondissement, over an in-memory spatial index.

The index (a shapely STRtree over the quartiers' polygons, prepared for fast containment
tests) is built once per process from the database and rebuilt when the territory changes
(`invalidate()` is called by the importers).
"""

from __future__ import annotations

from dataclasses import dataclass

import shapely
from shapely.geometry import shape

from massalia.core.lazy import ProcessCache
from massalia.territory.models import Quartier

# Valid WGS84 ranges: anything else is refused before the index is consulted.
LAT_RANGE = (-90.0, 90.0)
LON_RANGE = (-180.0, 180.0)


@dataclass(frozen=True)
class Place:
    quartier_id: int
    quartier_name: str
    arrondissement_id: int
    insee_code: str


class _Index:
    def __init__(self) -> None:
        rows = list(
            Quartier.objects.select_related("arrondissement")
            .order_by("id")
            .values_list(
                "id", "name", "arrondissement_id", "arrondissement__insee_code", "geometry"
            )
        )
        self.places = [Place(r[0], r[1], r[2], r[3]) for r in rows]
        self.geometries = [shape(r[4]) for r in rows]
        for geometry in self.geometries:
            shapely.prepare(geometry)
        self.tree = shapely.STRtree(self.geometries)

    def locate(self, lat: float, lon: float) -> Place | None:
        point = shapely.Point(lon, lat)
        hits = self.tree.query(point, predicate="intersects")
        if len(hits) == 0:
            return None
        return self.places[int(min(hits))]

    def locate_many(self, points: list[tuple[float, float]]) -> list[Place | None]:
        if not points:
            return []
        geoms = shapely.points([(lon, lat) for lat, lon in points])
        pairs = self.tree.query(geoms, predicate="intersects")
        found: dict[int, int] = {}
        for point_index, geom_index in zip(pairs[0].tolist(), pairs[1].tolist(), strict=True):
            found[point_index] = min(found.get(point_index, geom_index), geom_index)
        return [self.places[found[i]] if i in found else None for i in range(len(points))]


_index: ProcessCache[_Index] = ProcessCache(_Index)


def invalidate() -> None:
    """Forget the index; the next lookup rebuilds it from the database."""
    _index.invalidate()


def valid_coordinates(lat: float, lon: float) -> bool:
    return LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]


def locate(lat: float, lon: float) -> Place | None:
    """The quartier containing the point (WGS84), or None outside the territory."""
    if not valid_coordinates(lat, lon):
        return None
    return _index.get().locate(lat, lon)


def locate_many(points: list[tuple[float, float]]) -> list[Place | None]:
    """Vectorised `locate` for many (lat, lon) points at once."""
    return _index.get().locate_many(points)
