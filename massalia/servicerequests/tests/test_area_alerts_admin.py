"""An administrator finds a person's alerts by address, read-only, without their secret link."""

from __future__ import annotations

import pytest

from massalia.servicerequests import area_alerts

pytestmark = pytest.mark.usefixtures("fresh_indexes")


def test_it_finds_an_alert_by_address_without_its_token(client, city):
    alert = area_alerts.create_alert(
        email="voisine@example.org", quartier=city.quartiers["NOAILLES"]
    )
    client.force_login(city.people["root"])

    found = client.get("/admin/servicerequests/areaalert/", {"q": "voisine"})
    detail = client.get(f"/admin/servicerequests/areaalert/{alert.pk}/change/")

    assert found.status_code == 200 and "voisine@example.org" in found.content.decode()
    assert detail.status_code == 200 and alert.token not in detail.content.decode()
    assert client.get("/admin/servicerequests/areaalert/add/").status_code == 403
