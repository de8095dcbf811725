"""The one place GeoReport data becomes JSON or XML (the spec's Spark-convention mapping)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
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
    """The spec's XML, written as ElementTree would write it (`<tag />` when empty).

    Strings are joined directly rather than through an element tree: a full page of
    requests is some 20,000 elements, and building then serialising a tree doubled the cost.
    """
    parts = [DECLARATION]
    _write(parts.append, root, data)
    return "".join(parts)


def _write(out: Callable[[str], None], name: str, value: Any) -> None:
    if isinstance(value, dict):
        items: Iterable[tuple[str, Any]] = value.items()
    elif isinstance(value, list):
        child = CHILDREN.get(name, "item")
        items = ((child, item) for item in value)
    else:
        _leaf(out, name, value)
        return
    if not value:
        out(f"<{name} />")
        return
    out(f"<{name}>")
    for key, item in items:
        if isinstance(item, (dict, list)):
            _write(out, key, item)
        else:  # inlined: most elements are leaves, and a call each is the main cost here
            text = _text(item)
            out(f"<{key}>{text}</{key}>" if text else f"<{key} />")
    out(f"</{name}>")


def _leaf(out: Callable[[str], None], name: str, value: Any) -> None:
    text = _text(value)
    out(f"<{name}>{text}</{name}>" if text else f"<{name} />")


def _text(value: Any) -> str:
    """An element's escaped text: what ElementTree writes for `element.text = value`."""
    kind = type(value)
    if kind is int or kind is float:
        return str(value)  # nothing to clean or escape in a number
    if value is None:
        return ""
    if kind is bool:
        return "true" if value else "false"
    # XML forbids some characters that escaping cannot carry: strip those first.
    text = clean_text(str(value))
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text
