"""A meter's daily consumption as an SVG bar chart drawn on the server: no script, light,
readable on a phone. The image has a title and a description (role="img"); the page gives
every figure again in a table. Colours are presentation attributes (the content security
policy forbids inline styles, not these); suspected days are drawn in another colour."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

WIDTH, HEIGHT = 640, 220
LEFT, BOTTOM, TOP = 48, 28, 12
NORMAL, SUSPECT, INK = "#2f6f9f", "#b3261e", "#333333"


@dataclass(frozen=True)
class Bar:
    day: date
    litres: float
    suspect: bool = False


def litres(value: float) -> str:
    """1 234 L, or 12,3 m³ from ten cubic metres."""
    if value >= 10_000:
        return f"{value / 1000:,.1f} m³".replace(",", "\u202f").replace(".", ",")
    return f"{value:,.0f} L".replace(",", "\u202f")


def daily(bars: Sequence[Bar], *, title: str, ident: str) -> SafeString:
    root = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "role": "img",
            "aria-labelledby": f"{ident}-t {ident}-d",
            "class": "chart",
            "focusable": "false",
        },
    )
    ET.SubElement(root, "title", {"id": f"{ident}-t"}).text = title
    ET.SubElement(root, "desc", {"id": f"{ident}-d"}).text = _describe(bars)
    top = max((b.litres for b in bars), default=0.0)
    room_w, room_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    step = room_w / max(len(bars), 1)
    _text(root, LEFT - 6, TOP + 8, litres(top), "end")
    _text(root, LEFT - 6, HEIGHT - BOTTOM, "0", "end")
    for i, bar in enumerate(bars):
        height = room_h * bar.litres / top if top > 0 else 0.0
        group = ET.SubElement(root, "g")
        note = " (suspicion)" if bar.suspect else ""
        ET.SubElement(group, "title").text = f"{bar.day:%d/%m} : {litres(bar.litres)}{note}"
        ET.SubElement(
            group,
            "rect",
            {
                "x": f"{LEFT + i * step + 1:.1f}",
                "y": f"{HEIGHT - BOTTOM - height:.1f}",
                "width": f"{max(step - 2, 1):.1f}",
                "height": f"{max(height, 0.5):.1f}",
                "fill": SUSPECT if bar.suspect else NORMAL,
            },
        )
        if i % 7 == 0:
            _text(root, LEFT + i * step, HEIGHT - 10, f"{bar.day:%d/%m}", "start")
    if not bars:
        _text(root, WIDTH / 2, HEIGHT / 2, gettext("Aucun relevé"), "middle")
    return mark_safe(ET.tostring(root, encoding="unicode"))  # ElementTree escaped every text


def _text(parent: ET.Element, x: float, y: float, text: str, anchor: str) -> None:
    attrs = {"x": f"{x:.1f}", "y": f"{y:.1f}", "text-anchor": anchor, "font-size": "12"}
    ET.SubElement(parent, "text", {**attrs, "fill": INK}).text = text


def _describe(bars: Sequence[Bar]) -> str:
    if not bars:
        return gettext("Aucun relevé sur la période.")
    total = sum(b.litres for b in bars)
    peak = max(bars, key=lambda b: b.litres)
    suspects = sum(1 for b in bars if b.suspect)
    text = (
        f"{len(bars)} jours, {litres(total)} en tout, {litres(total / len(bars))} par jour en "
        f"moyenne ; le plus : {litres(peak.litres)} le {peak.day:%d/%m}"
    )
    if suspects:
        text += f" ; {suspects} jour(s) en rouge concernés par une suspicion"
    return text + ". Le tableau qui suit donne chaque jour."
