"""The alert pages read in English and Arabic, their errors included; the emails stay French."""

from __future__ import annotations

import html

import pytest

from massalia.servicerequests.tests.area_alert_helpers import quartier_alert

pytestmark = pytest.mark.usefixtures("fresh_indexes")


def test_it_offers_the_form_in_english_and_arabic(client, city):
    client.cookies["django_language"] = "en"
    english = client.post("/alertes/", {"area": "quartier", "frequency": "daily"})
    client.cookies["django_language"] = "ar"
    arabic = client.get("/alertes/")

    assert english.status_code == 400
    page = html.unescape(english.content.decode())
    assert "Get alerts for my neighbourhood" in page and "Choose a neighbourhood." in page
    assert "Quartier" not in page
    assert "تلقي تنبيهات حيي" in arabic.content.decode()


def test_it_lists_the_alerts_in_english(client, city):
    quartier_alert(city, "NOAILLES")
    client.force_login(city.people["dave"])
    client.cookies["django_language"] = "en"

    page = html.unescape(client.get("/mes-alertes/").content.decode())

    assert "The Noailles neighbourhood" in page
