"""The subscriber's page: their meter's days as an SVG chart and a table, its suspicions and
what to do; nobody else's meter."""

from __future__ import annotations

import pytest
from django.urls import reverse

from massalia.connected import watch

from .test_water_suspicion_cases import QUIET_DAY, Meter

pytestmark = pytest.mark.django_db
URL = "/eau/"


@pytest.fixture
def leaking(water, city):
    from datetime import timedelta

    from django.utils import timezone

    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    meter = Meter(water.meter, midnight - timedelta(days=4))
    meter.run(QUIET_DAY * 2 + [8] * 30)
    watch.review(water.meter)
    return water


def test_the_subscriber_sees_the_chart_the_table_and_what_to_do(client, city, leaking):
    client.force_login(city.people["alice"])
    page = client.get(URL).content.decode()
    assert "Compteur C-0042 — 12 rue Paradis" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert "Fuite probable (écoulement continu)</strong> depuis le" in page
    assert "fermez tous les robinets" in page
    assert page.count("<tr><td>") >= 3  # one row per day, in the table alternative
    assert "#b3261e" in page  # the leak's days drawn as suspected


def test_my_account_links_the_page_and_a_person_without_meter_is_told_so(client, city, leaking):
    client.force_login(city.people["alice"])
    assert 'href="/eau/"' in client.get(reverse("accounts:my_account")).content.decode()
    client.force_login(city.people["bob"])
    assert "Aucun compteur d'eau n'est rattaché" in client.get(URL).content.decode()


def test_someone_without_a_meter_is_told_how_to_get_one(client, city, leaking):
    client.force_login(city.people["bob"])
    page = client.get(URL).content.decode()
    assert "Aucun compteur d'eau n'est rattaché à votre compte" in page
    assert "C-0042" not in page


def test_a_visitor_is_asked_to_sign_in(client, leaking):
    response = client.get(URL)
    assert response.status_code == 302
    assert "next=/eau/" in response["Location"]
