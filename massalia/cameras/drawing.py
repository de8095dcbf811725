"""The register's map, drawn on the server as SVG: the arrondissements' outlines (from
`territory.geo`) and one dot per camera. No script and no tile server: it reads anywhere, and
the page gives the same facts as text.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import shapely
from django.utils.safestring import SafeString, mark_safe
from shapely.geometry import shape

from massalia.core.lazy import ProcessCache
from massalia.territory import geo
from massalia.territory.models import Quartier

WIDTH = 600


@dataclass(frozen=True)
class Frame:
    """How longitude and latitude become x and y: an equirectangular projection around the
    city's middle latitude, true enough at a city's scale."""

    min_lon: float
    max_lat: float
    cos: float
    scale: float
    height: float

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.min_lon) * self.cos * self.scale, (self.max_lat - lat) * self.scale)


@dataclass(frozen=True)
class Outlines:
    signature: tuple[int, int]
    frame: Frame | None
    paths: list[tuple[str, str]]  # (name, SVG path)


def _signature() -> tuple[int, int]:
    ids = list(Quartier.objects.values_list("id", flat=True))
    return (len(ids), sum(ids))


def _outlines() -> Outlines:
    shapes = []
    for _pk, name, geometry in geo.arrondissement_outlines():
        try:
            found = shape(geometry)
        except (ValueError, TypeError, AttributeError, KeyError):
            continue
        if not found.is_empty:
            shapes.append((name, found))
    if not shapes:
        return Outlines(_signature(), None, [])
    min_lon, min_lat, max_lon, max_lat = shapely.total_bounds([s for _, s in shapes])
    cos = math.cos(math.radians((min_lat + max_lat) / 2))
    scale = WIDTH / max((max_lon - min_lon) * cos, 1e-9)
    frame = Frame(min_lon, max_lat, cos, scale, round(max((max_lat - min_lat) * scale, 1.0), 1))
    paths = [
        (name, _path(s.simplify(0.8 / scale, preserve_topology=True), frame)) for name, s in shapes
    ]
    return Outlines(_signature(), frame, paths)


def _path(geometry: Any, frame: Frame) -> str:
    parts = []
    for polygon in getattr(geometry, "geoms", [geometry]):
        if not hasattr(polygon, "exterior"):
            continue
        points = [frame.xy(x, y) for x, y, *_ in polygon.exterior.coords]
        if len(points) >= 3:
            parts.append("M" + "L".join(f"{x:.0f},{y:.0f}" for x, y in points) + "Z")
    return "".join(parts)


_cache: ProcessCache[Outlines] = ProcessCache(_outlines)


def outlines() -> Outlines:
    found = _cache.get()
    if found.signature != _signature():
        _cache.invalidate()
        found = _cache.get()
    return found


def draw(points: Iterable[tuple[float, float, bool]], *, title: str, desc: str) -> SafeString:
    """The map with a dot per (latitude, longitude, expired) point; expired ones are marked."""
    drawn = outlines()
    frame = drawn.frame
    height = frame.height if frame else 1
    root = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {height:g}",
            "role": "img",
            "aria-labelledby": "carte-t carte-d",
            "class": "camera-map",
            "focusable": "false",
        },
    )
    ET.SubElement(root, "title", {"id": "carte-t"}).text = title
    ET.SubElement(root, "desc", {"id": "carte-d"}).text = desc
    for _name, d in drawn.paths:
        ET.SubElement(root, "path", {"d": d, "class": "camera-map-area"})
    if frame is not None:
        for lat, lon, expired in points:
            x, y = frame.xy(lon, lat)
            if 0 <= x <= WIDTH and 0 <= y <= height:
                cls = "camera-dot expired" if expired else "camera-dot"
                ET.SubElement(
                    root, "circle", {"cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": "3", "class": cls}
                )
    # ElementTree escapes every text and attribute: the markup is safe to embed as is.
    return mark_safe(ET.tostring(root, encoding="unicode"))
