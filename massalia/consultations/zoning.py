"""The zoning map: zones read from a GeoJSON file, the zone of a point, the articles of a
zone, and the map drawn on the server as an SVG (each zone a link to its page).

The geometry itself is asked of `territory.geo` (a polygon read and checked, a point inside
it): this module only projects the outlines to draw them."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from massalia.consultations.models import Part, PartKind, Regulation, Zone
from massalia.territory.geo import Area, BadGeometry, polygon_area

WIDTH, HEIGHT, MARGIN = 640, 420, 12
# Colours by the zone's family (first letter of its code), darker for the outline; the code
# is written on each zone, so the map does not rely on colour alone.
FAMILIES = {
    "U": ("#f4c7a1", "#8a4b14"),  # urbaines
    "A": ("#f3e7a1", "#6b5a00"),  # agricoles
    "N": ("#b9dfb3", "#2e6b25"),  # naturelles
}
OTHER = ("#d8d8e8", "#444466")


class ZoneFileError(ValueError):
    """The zones' file cannot be read; the message (French) says why."""


def polygons(geometry: dict[str, Any]) -> list[Any]:
    """The GeoJSON Polygon coordinates of a Polygon or MultiPolygon geometry."""
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind == "Polygon":
        return [geometry.get("coordinates")]
    if kind == "MultiPolygon":
        return list(geometry.get("coordinates") or [])
    raise BadGeometry("Seuls les polygones (Polygon, MultiPolygon) décrivent une zone.")


def areas(zone: Zone) -> list[Area]:
    return [polygon_area(p) for p in polygons(zone.geometry)]


def zone_at(regulation: Regulation, lat: float, lon: float) -> Zone | None:
    """The zone of the map in which the point lies, or None outside every zone."""
    for zone in regulation.zones.all():
        if any(area.contains(lat, lon) for area in areas(zone)):
            return zone
    return None


@transaction.atomic
def import_zones(regulation: Regulation, text: str) -> int:
    """Read a GeoJSON FeatureCollection (properties `code`, `name`, and optionally `articles`:
    anchors of the articles that also apply) into the zones; a zone already there is updated."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ZoneFileError(
            f"Fichier GeoJSON illisible : {error.msg} (ligne {error.lineno})."
        ) from None
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not features:
        raise ZoneFileError("Une FeatureCollection avec au moins une zone est attendue.")
    for position, feature in enumerate(features, start=1):
        properties = (feature or {}).get("properties") or {}
        code = str(properties.get("code") or "").strip()
        name = str(properties.get("name") or properties.get("nom") or "").strip()
        if not code or not name:
            raise ZoneFileError(
                f"Zone n° {position} : les propriétés « code » et « name » manquent."
            )
        geometry = feature.get("geometry")
        try:
            for coordinates in polygons(geometry):
                polygon_area(coordinates)
        except BadGeometry as error:
            raise ZoneFileError(f"Zone {code} : {error}") from error
        declared = [str(a) for a in properties.get("articles") or []]
        Zone.objects.update_or_create(
            regulation=regulation, code=code,
            defaults={"name": name[:200], "geometry": geometry, "declared_articles": declared,
                      "position": position},
        )  # fmt: skip
    link_articles(regulation)
    return len(features)


def link_articles(regulation: Regulation) -> None:
    """Each zone's articles: those numbered with its code ("UA 7" for UA) and those its file
    names; removed articles are left out."""
    articles = list(regulation.parts.filter(kind=PartKind.ARTICLE, removed=False))
    for zone in regulation.zones.all():
        code = zone.code.lower()
        declared = set(zone.declared_articles)
        zone.articles.set([a for a in articles if _prefix(a) == code or a.anchor in declared])


def _prefix(article: Part) -> str:
    return article.number.split()[0].lower() if " " in article.number else ""


@dataclass(frozen=True)
class DrawnZone:
    zone: Zone
    path: str
    fill: str
    stroke: str
    label: tuple[int, int]
    highlighted: bool


@dataclass(frozen=True)
class ZoneMap:
    zones: tuple[DrawnZone, ...]
    width: int
    height: int
    # West and north edges and the scales (pixels per degree of longitude, of latitude), for
    # the page's script that turns a click into a latitude and a longitude.
    projection: tuple[float, float, float, float]
    point: tuple[int, int] | None = None


def zone_map(
    zones: list[Zone], highlight: Zone | None = None, point: tuple[float, float] | None = None
) -> ZoneMap | None:
    """The zones drawn to fit WIDTH × HEIGHT (longitudes shrunk by the cosine of the
    latitude, as on a map), or None when there is no zone."""
    rings = [(zone, polygon) for zone in zones for polygon in polygons(zone.geometry)]
    positions = [p for _, polygon in rings for ring in polygon for p in ring]
    if not positions:
        return None
    west, east = min(p[0] for p in positions), max(p[0] for p in positions)
    south, north = min(p[1] for p in positions), max(p[1] for p in positions)
    shrink = math.cos(math.radians((south + north) / 2))
    span_x, span_y = max((east - west) * shrink, 1e-9), max(north - south, 1e-9)
    scale = min((WIDTH - 2 * MARGIN) / span_x, (HEIGHT - 2 * MARGIN) / span_y)
    height = round(span_y * scale + 2 * MARGIN)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return MARGIN + (lon - west) * shrink * scale, MARGIN + (north - lat) * scale

    drawn = []
    for zone in zones:
        parts, xs, ys = [], [], []
        for polygon in polygons(zone.geometry):
            for ring in polygon:
                points = [xy(p[0], p[1]) for p in ring]
                parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
                if ring is polygon[0]:
                    xs += [x for x, _ in points[:-1]]
                    ys += [y for _, y in points[:-1]]
        fill, stroke = FAMILIES.get(zone.code[:1].upper(), OTHER)
        label = (round(sum(xs) / len(xs)), round(sum(ys) / len(ys)))
        drawn.append(DrawnZone(zone, "".join(parts), fill, stroke, label, zone == highlight))
    at = None
    if point is not None:
        x, y = xy(point[1], point[0])
        at = (round(x), round(y))
    return ZoneMap(tuple(drawn), WIDTH, height, (west, north, shrink * scale, scale), at)
