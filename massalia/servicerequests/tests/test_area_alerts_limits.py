"""One person holds at most ten alerts (so an address gets at most ten confirmation emails);
an account that confirms its address later has its waiting alerts switched on."""

from __future__ import annotations

import html

import pytest
from django.core import mail

from massalia.accounts import services as accounts
from massalia.servicerequests import area_alerts
from massalia.servicerequests.models import AreaAlert

pytestmark = pytest.mark.usefixtures("fresh_indexes")


def test_it_refuses_an_eleventh_alert_in_french(client, city):
    for _ in range(area_alerts.MAX_ALERTS):
        area_alerts.create_alert(email="voisine@example.org", quartier=city.quartiers["NOAILLES"])

    response = client.post(
        "/alertes/",
        {
            "area": "quartier",
            "quartier": city.quartiers["BELSUNCE"].pk,
            "frequency": "immediately",
            "email": "voisine@example.org",
        },
    )

    assert response.status_code == 400
    assert "Vous avez déjà 10 alertes" in html.unescape(response.content.decode())
    assert AreaAlert.objects.count() == area_alerts.MAX_ALERTS


def test_it_switches_on_the_alerts_of_an_account_once_its_address_is_confirmed(city, on_commit):
    erin = city.people["erin"]
    type(erin).objects.filter(pk=erin.pk).update(email_verified_at=None)
    erin.refresh_from_db()
    alert = area_alerts.create_alert(user=erin, quartier=city.quartiers["BELSUNCE"])
    mail.outbox.clear()

    with on_commit():
        accounts.mark_email_verified(user=erin)

    alert.refresh_from_db()
    assert alert.confirmed_at is not None
