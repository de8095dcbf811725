"""Filing a request takes a key with the scope open311:write; any other key is refused with the
spec's 403 error document, as a missing one is."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from massalia.core.api import scopes
from massalia.core.api.keys import create_key
from massalia.open311.tests.helpers import json_errors, xml_errors
from massalia.servicerequests.models import ServiceRequest
from massalia.testing import INSIDE

LAT, LON = INSIDE["NOAILLES"]
FIELDS = {"service_code": "lampadaire", "lat": LAT, "long": LON}


@pytest.fixture
def reader(city) -> Iterator[str]:
    """A key of another API only (as an NGSI-LD sensor gateway's will be)."""
    scopes.declare("essai:lire", "Essai : lire")
    yield create_key(name="passerelle", scopes=["essai:lire"])[1]
    scopes.scopes.unregister("essai:lire")


def test_it_refuses_a_key_without_the_write_scope(api, reader):
    response = api.post("/open311/v2/requests.json", {**FIELDS, "api_key": reader})
    assert response.status_code == 403
    [(code, description)] = json_errors(response)
    assert code == 403 and "open311:write" in description
    response = api.post("/open311/v2/requests.xml", FIELDS, headers={"X-Api-Key": reader})
    assert xml_errors(response)[0][0] == 403
    assert not ServiceRequest.objects.exists()


def test_it_files_with_a_key_holding_the_scope(api, key):
    response = api.post("/open311/v2/requests.json", {**FIELDS, "api_key": key})
    assert response.status_code == 200
    assert ServiceRequest.objects.get().open311_submission.api_key.scopes == ["open311:write"]
