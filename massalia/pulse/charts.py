"""Charts drawn on the server as SVG: no script, light, printable, readable without JavaScript.

Each chart is an image with a title and a description (role="img"); the page also gives the
same figures as a table. Colours come from CSS classes (static/pulse/pulse.css), never from
inline styles, which the content security policy forbids.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import shapely
from django.utils.safestring import SafeString, mark_safe
from shapely.geometry import shape

from massalia.core.lazy import ProcessCache

WIDTH = 640
HEIGHT = 240
MARGIN = (12, 12, 28, 44)  # top, right, bottom, left
MAP_WIDTH = 640


def _svg(title: str, desc: str, width: float, height: float, ident: str, cls: str) -> ET.Element:
    root = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {width:g} {height:g}",
            "role": "img",
            "aria-labelledby": f"{ident}-t {ident}-d",
            "class": f"chart {cls}",
            "focusable": "false",
        },
    )
    ET.SubElement(root, "title", {"id": f"{ident}-t"}).text = title
    ET.SubElement(root, "desc", {"id": f"{ident}-d"}).text = desc
    return root


def _render(root: ET.Element) -> SafeString:
    # ElementTree escapes every text and attribute: the markup is safe to embed as is.
    return mark_safe(ET.tostring(root, encoding="unicode"))


def _text(parent: ET.Element, x: float, y: float, text: str, cls: str, **extra: str) -> None:
    attrs = {"x": f"{x:.1f}", "y": f"{y:.1f}", "class": cls, **extra}
    ET.SubElement(parent, "text", attrs).text = text


def nice_ceiling(value: float) -> int:
    """A round upper bound for an axis (1, 2, 5 × a power of ten)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return int(step * power) if step * power >= 1 else 1
    return int(10 * power)


def _axes(root: ET.Element, top: int, labels: Sequence[str], x_at: Any) -> tuple[float, float]:
    """Horizontal grid lines at 0, ½ and the top value; a few x labels. Returns the plot box."""
    mt, mr, mb, ml = MARGIN
    plot_h = HEIGHT - mt - mb
    for share in (0.0, 0.5, 1.0):
        y = mt + plot_h * (1 - share)
        ET.SubElement(
            root,
            "line",
            {
                "x1": str(ml),
                "x2": str(WIDTH - mr),
                "y1": f"{y:.1f}",
                "y2": f"{y:.1f}",
                "class": "grid",
            },
        )
        _text(root, ml - 6, y + 4, f"{round(top * share):d}", "axis", **{"text-anchor": "end"})
    if labels:
        picks = sorted({0, len(labels) // 2, len(labels) - 1})
        for i in picks:
            anchor = "start" if i == 0 else "end" if i == len(labels) - 1 else "middle"
            _text(root, x_at(i), HEIGHT - 8, labels[i], "axis", **{"text-anchor": anchor})
    return float(mt), float(plot_h)


def line_chart(
    points: Sequence[tuple[str, int]],
    *,
    title: str,
    desc: str,
    ident: str = "courbe",
    partial_from: int | None = None,
) -> SafeString:
    """A line of values over time (e.g. messages per day); an empty series draws empty axes.
    Points from `partial_from` on (a day not over yet) are joined by a dashed line and drawn
    hollow: an unfinished count is not a fall."""
    root = _svg(title, desc, WIDTH, HEIGHT, ident, "line-chart")
    values = [v for _, v in points]
    top = nice_ceiling(max(values, default=0))
    _, mr, _, ml = MARGIN
    span = max(len(points) - 1, 1)

    def x_at(i: int) -> float:
        return ml + (WIDTH - ml - mr) * (i / span if len(points) > 1 else 0.5)

    y0, plot_h = _axes(root, top, [label for label, _ in points], x_at)
    coords = [(x_at(i), y0 + plot_h * (1 - v / top)) for i, v in enumerate(values)]
    if coords:
        cut = len(coords) if partial_from is None else max(min(partial_from, len(coords)), 0)
        _polyline(root, coords[:cut], "line")
        _polyline(root, coords[max(cut - 1, 0) :] if cut < len(coords) else [], "line partial")
        for i, (x, y) in enumerate(coords):
            if len(coords) <= 31 or i >= cut:
                cls = "dot partial" if i >= cut else "dot"
                attrs = {"cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": "3", "class": cls}
                ET.SubElement(root, "circle", attrs)
    else:
        _text(root, WIDTH / 2, HEIGHT / 2, "Aucune donnée", "empty", **{"text-anchor": "middle"})
    return _render(root)


def _polyline(root: ET.Element, coords: Sequence[tuple[float, float]], cls: str) -> None:
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        ET.SubElement(root, "polyline", {"points": path, "class": cls})


SENTIMENT_CLASSES = ("negative", "neutral", "positive")


def stacked_bars(
    bars: Sequence[tuple[str, Sequence[int]]],
    *,
    title: str,
    desc: str,
    ident: str = "barres",
    partial_from: int | None = None,
) -> SafeString:
    """One bar per period, stacked by sentiment (negative at the bottom, then neutral, positive);
    bars from `partial_from` on (a period not over yet) are drawn faded and outlined."""
    root = _svg(title, desc, WIDTH, HEIGHT, ident, "bar-chart")
    top = nice_ceiling(max((sum(parts) for _, parts in bars), default=0))
    _, mr, _, ml = MARGIN
    slot = (WIDTH - ml - mr) / max(len(bars), 1)

    def x_at(i: int) -> float:
        return ml + slot * (i + 0.5)

    y0, plot_h = _axes(root, top, [label for label, _ in bars], x_at)
    width = max(slot * 0.7, 1.0)
    for i, (label, parts) in enumerate(bars):
        base = y0 + plot_h
        partial = partial_from is not None and i >= partial_from
        group = ET.SubElement(root, "g", {"class": "partial"} if partial else {})
        ET.SubElement(group, "title").text = (
            f"{label}{' (en cours)' if partial else ''} : "
            + ", ".join(
                f"{n} {name}"
                for n, name in zip(parts, ("négatifs", "neutres", "positifs"), strict=False)
            )
        )
        for n, cls in zip(parts, SENTIMENT_CLASSES, strict=False):
            if n <= 0:
                continue
            h = plot_h * n / top
            base -= h
            ET.SubElement(
                group,
                "rect",
                {
                    "x": f"{x_at(i) - width / 2:.1f}",
                    "y": f"{base:.1f}",
                    "width": f"{width:.1f}",
                    "height": f"{h:.1f}",
                    "class": cls,
                },
            )
    if not any(sum(parts) for _, parts in bars):
        _text(root, WIDTH / 2, HEIGHT / 2, "Aucune donnée", "empty", **{"text-anchor": "middle"})
    return _render(root)


# Maps ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    id: int
    name: str
    d: str  # SVG path data in map units


@dataclass(frozen=True)
class Projected:
    shapes: list[Shape]
    width: float
    height: float


def project(
    geometries: Iterable[tuple[int, str, dict[str, Any]]], *, width: float = MAP_WIDTH
) -> Projected:
    """GeoJSON (WGS84) shapes → SVG paths, with an equirectangular projection around the
    shapes' middle latitude (true enough at a city's scale), simplified to the drawing's scale."""
    parsed = []
    for ident, name, geometry in geometries:
        try:
            geom = shape(geometry)
        except (ValueError, TypeError, AttributeError, KeyError):
            continue
        if not geom.is_empty:
            parsed.append((ident, name, geom))
    if not parsed:
        return Projected([], width, 0)
    minx, miny, maxx, maxy = shapely.total_bounds([g for _, _, g in parsed])
    cos = math.cos(math.radians((miny + maxy) / 2))
    span_x = max((maxx - minx) * cos, 1e-9)
    scale = width / span_x
    height = max((maxy - miny) * scale, 1.0)
    shapes = []
    for ident, name, geom in parsed:
        simple = geom.simplify(0.6 / scale, preserve_topology=True)
        d = _path(simple, lambda x, y: ((x - minx) * cos * scale, (maxy - y) * scale))
        shapes.append(Shape(ident, name, d))
    return Projected(shapes, width, round(height, 1))


def _path(geom: Any, to_xy: Any) -> str:
    polygons = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
    parts = []
    for polygon in polygons:
        if not hasattr(polygon, "exterior"):
            continue
        for ring in [polygon.exterior, *polygon.interiors]:
            points = [to_xy(x, y) for x, y, *_ in ring.coords]
            if len(points) < 3:
                continue
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


def choropleth(
    projected: Projected,
    values: dict[int, tuple[int, str]],
    *,
    title: str,
    desc: str,
    ident: str = "carte",
    selected: int | None = None,
) -> SafeString:
    """Shapes coloured by level (`values`: id → (level 0–4, text of its <title>))."""
    root = _svg(title, desc, projected.width, max(projected.height, 1), ident, "map-chart")
    for item in projected.shapes:
        found = values.get(item.id, (0, f"{item.name} : aucun message"))
        cls = f"lvl-{found[0]}" + (" selected" if item.id == selected else "")
        node = ET.SubElement(root, "path", {"d": item.d, "class": cls})
        ET.SubElement(node, "title").text = found[1]
    if not projected.shapes:
        _text(
            root, projected.width / 2, 20, "Pas de contours", "empty", **{"text-anchor": "middle"}
        )
    return _render(root)


# Territory shapes, projected once per process and rebuilt when the territory changes.


def _territory_signature() -> tuple[Any, ...]:
    from massalia.territory.models import Arrondissement, Quartier

    return (
        tuple(Quartier.objects.order_by("id").values_list("id", "arrondissement_id", "name")),
        tuple(Arrondissement.objects.order_by("id").values_list("id", "number")),
    )


class _TerritoryShapes:
    def __init__(self) -> None:
        from massalia.territory import geo

        self.signature = _territory_signature()
        self.quartiers = project(geo.quartier_outlines())
        self.arrondissements = project(geo.arrondissement_outlines())


_shapes: ProcessCache[_TerritoryShapes] = ProcessCache(_TerritoryShapes)


def territory_shapes() -> _TerritoryShapes:
    found = _shapes.get()
    if found.signature != _territory_signature():
        _shapes.invalidate()
        found = _shapes.get()
    return found
