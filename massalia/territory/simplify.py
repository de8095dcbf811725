"""A lighter copy of a quartiers file that keeps its topology (`massalia territory simplify`).

Simplifying each polygon on its own would move a shared border one way for one quartier and
another way for its neighbour, opening gaps and overlaps. Instead the borders are cut into
arcs (a piece of border between two junctions, shared by the same quartiers all along), each
arc is simplified once, and the quartiers are rebuilt from the simplified arcs: the faces
they enclose go to the original quartier they overlap most. Coordinates are snapped to a grid
(1e-5 degree, about a metre) while the arcs are joined again, so the file stays small and
neighbours share the very same vertices.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

# Douglas-Peucker tolerance, in degrees (5e-5° ≈ 5 m at Marseille's latitude).
DEFAULT_TOLERANCE = 5e-5
GRID = 1e-5
DIGITS = 5
# Properties worth keeping: what the importer reads, nothing else.
KEPT_PROPERTIES = ("nom_qua", "depco")


def simplify_features(
    features: list[dict[str, Any]], *, tolerance: float = DEFAULT_TOLERANCE
) -> list[dict[str, Any]]:
    """The features with their polygons simplified together (same order, same properties)."""
    originals = [_polygonal(shape(f["geometry"])) for f in features]
    borders = shapely.union_all([g.boundary for g in originals])
    arcs = shapely.line_merge(borders)
    simplified = [
        arc.simplify(tolerance, preserve_topology=True) for arc in getattr(arcs, "geoms", [arcs])
    ]
    # Two simplified arcs may cross: joining them again nodes every crossing on the grid.
    noded = shapely.union_all(simplified, grid_size=GRID)
    faces = list(shapely.polygonize([noded]).geoms)
    tree = shapely.STRtree(originals)
    pieces: dict[int, list[BaseGeometry]] = defaultdict(list)
    for face in faces:
        owner = _owner(face, originals, tree)
        if owner is not None:
            pieces[owner].append(face)
    out = []
    for position, feature in enumerate(features):
        if position in pieces:
            geometry = shapely.coverage_union_all(pieces[position])
        else:
            # A quartier smaller than the tolerance: keep it as it was, on the grid.
            geometry = shapely.set_precision(originals[position], GRID)
        props = feature.get("properties") or {}
        out.append(
            {
                "type": "Feature",
                "properties": {k: props[k] for k in KEPT_PROPERTIES if k in props},
                "geometry": _rounded(json.loads(shapely.to_geojson(geometry))),
            }
        )
    return out


def simplify_file(source: Path, target: Path, *, tolerance: float = DEFAULT_TOLERANCE) -> int:
    """Write the simplified copy of `source` to `target`; returns the bytes written."""
    with Path(source).open(encoding="utf-8") as handle:
        data = json.load(handle)
    collection = {
        "type": "FeatureCollection",
        "features": simplify_features(data["features"], tolerance=tolerance),
    }
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    Path(target).write_text(text + "\n", encoding="utf-8")
    return len(text.encode("utf-8")) + 1


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    return geometry if geometry.is_valid else shapely.make_valid(geometry)


def _owner(face: BaseGeometry, originals: list[BaseGeometry], tree: shapely.STRtree) -> int | None:
    """The original quartier covering most of the face; None for a face outside them all."""
    best, best_area, covered = None, 0.0, 0.0
    for position in tree.query(face, predicate="intersects").tolist():
        area = face.intersection(originals[position]).area
        covered += area
        if area > best_area:
            best, best_area = position, area
    # Mostly outside every quartier: a gap of the original file, which stays a gap.
    if best is None or covered < 0.5 * face.area:
        return None
    return int(best)


def _rounded(value: Any) -> Any:
    """Coordinates to `DIGITS` decimals (they are on the grid already: this drops float noise)."""
    if isinstance(value, float):
        return round(value, DIGITS)
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value
