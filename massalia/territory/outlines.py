"""The quartiers' outlines, light enough to draw under a map when no tile server answers.

The stored polygons are precise (hundreds of KB for a city); a background layer only needs
their shape at street scale: each outline is simplified (topology kept within the polygon)
and its coordinates rounded, which divides the weight by about ten.
"""

from __future__ import annotations

import json
from typing import Any

import shapely
from shapely.geometry import shape

from massalia.territory import geo

# About 30 m at Marseille's latitude: invisible at the zoom levels a city map opens on.
TOLERANCE_DEG = 0.0003
# 1e-5 degree is about a metre.
GRID_DEG = 1e-5


def quartiers_geojson(tolerance: float = TOLERANCE_DEG) -> dict[str, Any]:
    """Every quartier's outline, simplified, as a GeoJSON FeatureCollection (id, name)."""
    features = []
    for pk, name, geometry in geo.quartier_outlines():
        try:
            light = shapely.set_precision(
                shape(geometry).simplify(tolerance, preserve_topology=True), GRID_DEG
            )
        except (ValueError, TypeError, AttributeError, KeyError, shapely.errors.GEOSException):
            continue  # an unreadable outline is left out of the drawing, not fatal
        if light.is_empty:
            continue
        features.append(
            {
                "type": "Feature",
                "id": pk,
                "properties": {"name": name},
                "geometry": json.loads(shapely.to_geojson(light)),
            }
        )
    return {"type": "FeatureCollection", "features": features}
