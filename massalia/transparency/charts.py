"""Bar charts of amounts drawn on the server as SVG: no script, light, readable on a phone.

Each chart is an image with a title and a description naming its largest bars (role="img");
the page gives every figure again in a table. Colours come from the stylesheet's classes, never
from inline styles, which the content security policy forbids.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe

from massalia.transparency.selectors import Figure

WIDTH = 640
BAR = 22  # height of one bar
GAP = 10
LABEL = 250  # room for the labels, on the left
VALUE = 90  # room for the amounts, on the right
MAX_LABEL = 38  # characters


def euros(amount: Decimal | int | float) -> str:
    """An amount in French, rounded to the euro: 1 234 567 €; millions above ten million."""
    value = float(amount)
    if abs(value) >= 10_000_000:
        return f"{value / 1_000_000:,.1f} M€".replace(",", "\u202f").replace(".", ",")
    return f"{value:,.0f} €".replace(",", "\u202f")


def bars(figures: Sequence[Figure], *, title: str, ident: str) -> SafeString:
    """One horizontal bar per figure, its length proportional to the amount."""
    height = max(len(figures), 1) * (BAR + GAP) + GAP
    root = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {height}",
            "role": "img",
            "aria-labelledby": f"{ident}-t {ident}-d",
            "class": "chart spend-chart",
            "focusable": "false",
        },
    )
    ET.SubElement(root, "title", {"id": f"{ident}-t"}).text = title
    ET.SubElement(root, "desc", {"id": f"{ident}-d"}).text = _describe(figures)
    top = max((float(f.amount) for f in figures), default=0.0)
    room = WIDTH - LABEL - VALUE
    for i, figure in enumerate(figures):
        y = GAP + i * (BAR + GAP)
        group = ET.SubElement(root, "g")
        ET.SubElement(
            group, "title"
        ).text = f"{figure.label} : {euros(figure.amount)}, {figure.count} contrat(s)"
        _text(group, LABEL - 8, y + BAR * 0.7, _short(figure.label), "label", "end")
        length = room * float(figure.amount) / top if top > 0 else 0.0
        ET.SubElement(
            group,
            "rect",
            {
                "x": str(LABEL),
                "y": str(y),
                "width": f"{max(length, 1.0):.1f}",
                "height": str(BAR),
                "class": "bar",
            },
        )
        _text(group, LABEL + length + 6, y + BAR * 0.7, euros(figure.amount), "value", "start")
    if not figures:
        _text(root, WIDTH / 2, height / 2 + 4, "Aucune donnée", "empty", "middle")
    return mark_safe(ET.tostring(root, encoding="unicode"))  # ElementTree escaped every text


def _text(parent: ET.Element, x: float, y: float, text: str, cls: str, anchor: str) -> None:
    attrs = {"x": f"{x:.1f}", "y": f"{y:.1f}", "class": cls, "text-anchor": anchor}
    ET.SubElement(parent, "text", attrs).text = text


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def _describe(figures: Sequence[Figure]) -> str:
    if not figures:
        return "Aucun contrat ne correspond à la recherche."
    shown = "; ".join(f"{f.label} : {euros(f.amount)}" for f in figures[:3])
    more = f" ; et {len(figures) - 3} autre(s), voir le tableau" if len(figures) > 3 else ""
    return shown + more
