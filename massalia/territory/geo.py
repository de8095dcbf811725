"""The territory's geometry: point → quartier, distances, boxes, and the places' outlines.

The index (a shapely STRtree over the quartiers' polygons, prepared for fast containment
tests) is built once per process from the database and rebuilt when the territory changes
(`invalidate()` is called by the importers). Other apps ask here for any geometry they need
(how far, what is near, what a place looks like) rather than doing it themselves.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry import shape

from massalia.core.lazy import ProcessCache
from massalia.territory.models import Arrondissement, Quartier

# Valid WGS84 ranges: anything else is refused before the index is consulted.
LAT_RANGE = (-90.0, 90.0)
LON_RANGE = (-180.0, 180.0)
EARTH_RADIUS_M = 6_371_000.0
METRES_PER_DEGREE = 111_320.0


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


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in metres between two WGS84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class Box:
    """A latitude/longitude box, to narrow rows in SQL before exact distances (no GIS)."""

    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float

    def lookups(self, latitude: str = "latitude", longitude: str = "longitude") -> dict[str, Any]:
        """ORM filters keeping the rows whose point lies in the box."""
        return {
            f"{latitude}__range": (self.min_lat, self.max_lat),
            f"{longitude}__range": (self.min_lon, self.max_lon),
        }


def box_around(lat: float, lon: float, radius_m: float) -> Box:
    """The box holding every point within `radius_m` of (lat, lon)."""
    dlat = radius_m / METRES_PER_DEGREE
    # Near the poles a degree of longitude shrinks to nothing: cap the widening.
    dlon = radius_m / (METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    return Box(lat - dlat, lat + dlat, lon - dlon, lon + dlon)


def within(
    lat: float,
    lon: float,
    rows: Any,
    radius_m: float,
    point: Any = None,
) -> list[tuple[Any, float]]:
    """The rows (any objects with a point) within `radius_m` of (lat, lon), with their
    distance in metres, in the rows' order. `point(row)` gives a row's (lat, lon); by
    default its `latitude` and `longitude` attributes. Rows without a point are left out."""
    where = point or (lambda row: (row.latitude, row.longitude))
    found = []
    for row in rows:
        at = where(row)
        if at is None or at[0] is None or at[1] is None:
            continue
        distance = distance_m(lat, lon, at[0], at[1])
        if distance <= radius_m:
            found.append((row, distance))
    return found


# id, name, GeoJSON geometry (WGS84)
Outline = tuple[int, str, dict[str, Any]]


def quartier_outlines() -> list[Outline]:
    """Every quartier's outline, as stored."""
    rows = Quartier.objects.values_list("id", "name", "geometry")
    return [(qid, name, geometry) for qid, name, geometry in rows if geometry]


def arrondissement_outlines() -> list[Outline]:
    """Every arrondissement's outline: its own, else the union of its quartiers'."""
    merged: dict[int, list[Any]] = {}
    for arrondissement_id, geometry in Quartier.objects.values_list(
        "arrondissement_id", "geometry"
    ):
        try:
            merged.setdefault(arrondissement_id, []).append(shape(geometry))
        except (ValueError, TypeError, AttributeError, KeyError):
            continue  # an unreadable outline is left out of the drawing, not fatal
    out: list[Outline] = []
    for pk, name, geometry in Arrondissement.objects.values_list("id", "name", "geometry"):
        if geometry:
            out.append((pk, name, geometry))
        elif pk in merged:
            out.append((pk, name, json.loads(shapely.to_geojson(shapely.union_all(merged[pk])))))
    return out


# Polygons asked for by clients (an API's "what lies inside this shape"). A shape from outside
# is checked here before any use: the caps keep a query string from costing more than a page.
POLYGON_MAX_POSITIONS = 1000
POLYGON_MAX_RINGS = 20


class BadGeometry(ValueError):
    """A shape refused: the message (French) says what is wrong with it."""


@dataclass(frozen=True)
class Area:
    """A polygon (WGS84, holes allowed) to ask what lies inside it: `box()` narrows the rows
    in SQL, `inside(...)` keeps those strictly inside (a point on the outline, or in a hole,
    is not within)."""

    polygon: shapely.Polygon

    def box(self) -> Box:
        min_lon, min_lat, max_lon, max_lat = self.polygon.bounds
        return Box(min_lat, max_lat, min_lon, max_lon)

    def contains(self, lat: float, lon: float) -> bool:
        return bool(shapely.contains_xy(self.polygon, lon, lat))

    def inside(self, rows: Any, point: Any = None) -> list[Any]:
        """The rows (any objects with a point) inside the area, in the rows' order. `point(row)`
        gives a row's (lat, lon); by default its `latitude` and `longitude` attributes. Rows
        without a point are left out."""
        where = point or (lambda row: (row.latitude, row.longitude))
        located = []
        for row in rows:
            at = where(row)
            if at is not None and at[0] is not None and at[1] is not None:
                located.append((row, at))
        if not located:
            return []
        lats = [at[0] for _, at in located]
        lons = [at[1] for _, at in located]
        hits = shapely.contains_xy(self.polygon, lons, lats).tolist()
        return [row for (row, _), hit in zip(located, hits, strict=True) if hit]


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _ring(ring: Any, number: int) -> list[tuple[float, float]]:
    what = "le contour" if number == 0 else f"le trou n° {number}"
    if not isinstance(ring, list):
        raise BadGeometry(
            f"Polygone : {what} doit être une liste de positions [longitude, latitude]."
        )
    positions = []
    for position in ring:
        if (
            not isinstance(position, list)
            or len(position) not in (2, 3)
            or not all(_number(v) for v in position)
        ):
            raise BadGeometry(
                f"Polygone : {what} contient une position illisible ({str(position)[:40]}) : "
                "[longitude, latitude] en nombres attendu."
            )
        lon, lat = float(position[0]), float(position[1])
        if not valid_coordinates(lat, lon):
            raise BadGeometry(
                f"Polygone : la position [{lon:g}, {lat:g}] est hors des coordonnées possibles "
                "(longitude de -180 à 180, latitude de -90 à 90)."
            )
        positions.append((lon, lat))
    if len(positions) < 4:
        raise BadGeometry(
            f"Polygone : {what} a {len(positions)} positions ; il en faut au moins 4 "
            "(trois sommets, puis le premier répété pour le fermer)."
        )
    if positions[0] != positions[-1]:
        raise BadGeometry(
            f"Polygone : {what} n'est pas fermé (sa dernière position doit répéter la première)."
        )
    return positions


def polygon_area(coordinates: Any) -> Area:
    """The area of a GeoJSON Polygon's `coordinates` ([[[lon, lat], …], hole, …]: the outline,
    then its holes, each ring closed). Raises BadGeometry with a French message for anything
    that is not one simple polygon: not a list of rings, more than POLYGON_MAX_RINGS rings or
    POLYGON_MAX_POSITIONS positions, a position not two finite numbers in the WGS84 ranges, a
    ring of fewer than 4 positions or not closed, sides crossing, a hole outside the outline."""
    if not isinstance(coordinates, list) or not coordinates:
        raise BadGeometry(
            "Polygone : une liste de contours [[[longitude, latitude], …]] est attendue."
        )
    if len(coordinates) > POLYGON_MAX_RINGS:
        raise BadGeometry(f"Polygone : au plus {POLYGON_MAX_RINGS} contours (trous compris).")
    total = sum(len(ring) if isinstance(ring, list) else 0 for ring in coordinates)
    if total > POLYGON_MAX_POSITIONS:
        raise BadGeometry(
            f"Polygone : {total} positions, au plus {POLYGON_MAX_POSITIONS} : simplifiez-le."
        )
    rings = [_ring(ring, number) for number, ring in enumerate(coordinates)]
    outline = shapely.Polygon(rings[0], rings[1:])
    reason = shapely.is_valid_reason(outline)
    if reason != "Valid Geometry":
        raise BadGeometry(_invalid(reason))
    if outline.area == 0:
        raise BadGeometry("Polygone : sa surface est nulle (sommets alignés).")
    shapely.prepare(outline)
    return Area(outline)


def _invalid(reason: str) -> str:
    """GEOS's reason (English, with the point at fault in brackets), said in French."""
    at = reason[reason.find("[") + 1 : reason.rfind("]")].split() if "[" in reason else []
    where = f" (près de [{at[0]}, {at[1]}])" if len(at) >= 2 else ""
    if "Self-intersection" in reason:
        return f"Polygone : ses côtés se croisent{where} ; il doit être simple."
    if "Hole lies outside shell" in reason:
        return f"Polygone : un trou sort du contour{where}."
    if "Nested holes" in reason or "Interior is disconnected" in reason:
        return f"Polygone : des trous se chevauchent ou coupent le polygone en morceaux{where}."
    if "Too few points" in reason:
        return f"Polygone : trop peu de sommets distincts{where}."
    return f"Polygone invalide{where}."
