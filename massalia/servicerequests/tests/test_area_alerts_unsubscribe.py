"""Every alert carries the one-click unsubscribe (RFC 8058) and, for an address without an
account, a link that removes that one alert; after either, nothing more arrives."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from massalia.core.notifications.services import preference
from massalia.servicerequests.area_alerts import TOPIC
from massalia.servicerequests.models import AreaAlert
from massalia.servicerequests.tests.area_alert_helpers import (
    NEIGHBOUR,
    alerted,
    neighbour_alert,
    quartier_alert,
)
from massalia.testing import file_request

pytestmark = pytest.mark.usefixtures("fresh_indexes")


def _alert_to(address: str):
    return next(m for m in mail.outbox if m.to == [address] and "près de chez vous" in m.subject)


def test_it_unsubscribes_in_one_click_from_the_header(client, city, on_commit):
    quartier_alert(city, "NOAILLES")
    with on_commit():
        file_request(city, "tags", where="NOAILLES")
    header = _alert_to("dave@example.org").extra_headers["List-Unsubscribe"]
    link = header.strip("<>").split("8000", 1)[-1]

    # A mail client's one-click POST: no session, no CSRF token.
    assert client.post(link, {"List-Unsubscribe": "One-Click"}).status_code == 200

    assert preference(kind=TOPIC, to=city.people["dave"]) == "never"
    mail.outbox.clear()
    with on_commit():
        file_request(city, "tags", where="NOAILLES")
    assert alerted(mail.outbox) == []


def test_it_removes_one_alert_from_the_link_of_its_email(client, city, on_commit):
    neighbour_alert(quartier=city.quartiers["NOAILLES"])
    with on_commit():
        file_request(city, "tags", where="NOAILLES")
    body = _alert_to(NEIGHBOUR).body
    link = re.search(r"http://[^/]+(/alertes/retirer/[^/\s]+/)", body).group(1)

    page = client.get(link)  # a mail scanner following the link removes nothing
    assert page.status_code == 200 and AreaAlert.objects.count() == 1
    assert client.post(link).status_code == 200

    assert not AreaAlert.objects.exists()
    assert client.post(link).status_code == 404


def test_it_turns_alerts_on_again_for_a_person_who_asks_again(city, on_commit):
    quartier_alert(city, "NOAILLES")
    from massalia.core.notifications.services import set_preference

    set_preference(kind=TOPIC, to=city.people["dave"], frequency="never")

    quartier_alert(city, "BELSUNCE")

    assert preference(kind=TOPIC, to=city.people["dave"]) == "immediately"
