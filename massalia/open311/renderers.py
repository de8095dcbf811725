"""The one place GeoReport data becomes JSON or XML (the spec's Spark-convention mapping)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from django.http import HttpResponse

from massalia.open311.parsing import clean_text

CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}
# An XML list element and the name of each of its children.
CHILDREN = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}
DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'


def render(data: Any, fmt: str, *, root: str, status: int = 200) -> HttpResponse:
    """`data` (a list of dicts or a dict) as a response in `fmt` ("json" or "xml")."""
    body = to_json(data) if fmt == "json" else to_xml(data, root)
    return HttpResponse(body.encode("utf-8"), status=status, content_type=CONTENT_TYPES[fmt])


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def to_xml(data: Any, root: str) -> str:
    element = ET.Element(root)
    _fill(element, root, data)
    return DECLARATION + ET.tostring(element, encoding="unicode")


def _fill(element: ET.Element, name: str, value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _fill(ET.SubElement(element, key), key, item)
    elif isinstance(value, list):
        child = CHILDREN.get(name, "item")
        for item in value:
            _fill(ET.SubElement(element, child), child, item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        # ElementTree escapes markup but not characters XML forbids: strip those first.
        element.text = clean_text(str(value))
