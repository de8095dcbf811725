"""The hand-written XML must be what ElementTree writes, and rows must keep their fallbacks."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from massalia.open311.parsing import clean_text
from massalia.open311.renderers import CHILDREN, DECLARATION, to_xml
from massalia.open311.serializers import w3c
from massalia.open311.tests.helpers import as_json


def _reference(data, root):
    """The former renderer: an ElementTree built then serialised."""

    def fill(element, name, value):
        if isinstance(value, dict):
            for key, item in value.items():
                fill(ET.SubElement(element, key), key, item)
        elif isinstance(value, list):
            child = CHILDREN.get(name, "item")
            for item in value:
                fill(ET.SubElement(element, child), child, item)
        elif isinstance(value, bool):
            element.text = "true" if value else "false"
        elif value is not None:
            element.text = clean_text(str(value))

    element = ET.Element(root)
    fill(element, root, data)
    return DECLARATION + ET.tostring(element, encoding="unicode")


def test_it_writes_xml_exactly_as_elementtree_would():
    data = [
        {
            "id": 3,
            "lat": 43.296482,
            "flag": True,
            "off": False,
            "none": None,
            "empty": "",
            "only_control": "\x01\x0b",
            "markup": "<b>Tags</b> & « graffitis » ]]> \"q\" 'a'\r\n\tfin",
            "nested": {"formats": ["text/xml", "application/json"], "values": []},
            "other": [{"key": "a", "name": "A"}, 1],
            "blank": {},
        },
        {},
    ]
    for root in ("service_requests", "services", "unknown"):
        assert to_xml(data, root) == _reference(data, root)
    assert to_xml([], "errors") == _reference([], "errors")
    assert to_xml({"a": 1}, "discovery") == _reference({"a": 1}, "discovery")


def test_it_formats_datetimes_with_the_local_offset():
    summer = datetime(2024, 7, 1, 8, 0, 0, 999_999, tzinfo=UTC)
    winter = datetime(2024, 1, 1, 8, 0, 0, tzinfo=UTC)
    assert w3c(summer) == "2024-07-01T10:00:00+02:00"
    assert w3c(winter, ZoneInfo("Europe/Paris")) == "2024-01-01T09:00:00+01:00"
    assert w3c(None) is None


def test_it_falls_back_to_the_quartier_name_without_an_address(api, file_request):
    case = file_request(address="")
    (row,) = as_json(api.get("/open311/v2/requests.json"))
    assert case.quartier is not None
    assert row["address"] == case.quartier.display_name != ""
