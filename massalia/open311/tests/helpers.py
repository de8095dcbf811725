"""Reading Open311 responses the way a client would: JSON, or XML through ElementTree."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from django.http import HttpResponse


def as_json(response: HttpResponse) -> Any:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content.decode("utf-8"))


def as_xml(response: HttpResponse) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)


def json_errors(response: HttpResponse) -> list[tuple[int, str]]:
    return [(e["code"], e["description"]) for e in as_json(response)]


def xml_errors(response: HttpResponse) -> list[tuple[int, str]]:
    root = as_xml(response)
    assert root.tag == "errors"
    return [
        (int(e.findtext("code", "0")), e.findtext("description", "")) for e in root.findall("error")
    ]
