"""The commission finds the crèche screens from the agents' inbox, and a crèche application's
case page shows it the application."""

from __future__ import annotations

import pytest
from django.urls import reverse

from massalia.eservices.tests import test_creche_flow as flow

pytestmark = pytest.mark.usefixtures("streets")
petite_enfance = flow.petite_enfance
paula = flow.paula
three = flow.three


def test_the_inbox_leads_the_commission_to_its_rounds(client, three, paula, city):
    client.force_login(paula)
    body = client.get(reverse("backoffice:inbox")).content.decode()
    assert "Places en crèche" in body and "Demandes de place en cours" in body
    assert reverse("eservices:creche_rounds") in body
    client.force_login(city.people["alice"])
    assert reverse("eservices:creche_rounds") not in client.get("/").content.decode()


def test_the_case_page_shows_the_application(client, three, paula):
    client.force_login(paula)
    fanny = three["fanny"]
    body = client.get(reverse("cases:request", args=[fanny.case.pk]))
    assert body.status_code == 200
    assert fanny.child.first_name in body.content.decode()
