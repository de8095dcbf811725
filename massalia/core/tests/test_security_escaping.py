"""User text comes back exactly as typed from Open311, never as markup."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from django.test import Client

from massalia.servicerequests import services
from massalia.testing import INSIDE

HOSTILE = "<script>alert('x')</script> & \"guillemets\" ]]> </description>"


def test_it_escapes_user_text_in_open311_xml_and_json(client: Client, city):
    lat, lon = INSIDE["BELSUNCE"]
    filed = services.submit_request(
        request_type=city.types["lampadaire"],
        description=HOSTILE,
        latitude=lat,
        longitude=lon,
        requester=city.people["alice"],
    )
    xml = client.get(f"/open311/v2/requests/{filed.pk}.xml")
    assert b"<script>" not in xml.content
    [request] = ET.fromstring(xml.content).findall("request")
    assert request.findtext("description") == HOSTILE
    [row] = json.loads(client.get(f"/open311/v2/requests/{filed.pk}.json").content)
    assert row["description"] == HOSTILE
