"""The confirmation link asks before it confirms; a person lists and removes their alerts,
and only theirs."""

from __future__ import annotations

import html

import pytest
from django.core import mail
from django.urls import reverse

from massalia.core.notifications.services import preference
from massalia.servicerequests import area_alerts
from massalia.servicerequests.area_alerts import TOPIC
from massalia.servicerequests.models import AreaAlert
from massalia.servicerequests.tests.area_alert_helpers import NEIGHBOUR, quartier_alert

pytestmark = pytest.mark.usefixtures("fresh_indexes")


def test_it_confirms_only_on_the_button_with_the_frequency_chosen(client, city):
    alert = area_alerts.create_alert(email=NEIGHBOUR, quartier=city.quartiers["NOAILLES"])
    link = f"/alertes/confirmer/{alert.token}/"

    page = client.get(f"{link}?frequence=weekly")
    alert.refresh_from_db()
    assert page.status_code == 200 and alert.confirmed_at is None
    assert 'value="weekly" checked' in page.content.decode()

    done = client.post(link, {"frequency": "weekly"})

    alert.refresh_from_db()
    assert done.status_code == 200 and alert.confirmed_at is not None
    assert "le quartier Noailles" in html.unescape(done.content.decode())
    assert preference(kind=TOPIC, to=NEIGHBOUR) == "weekly"


def test_it_answers_an_unknown_link_with_a_french_404(client, city):
    for link in ["/alertes/confirmer/inconnu/", "/alertes/retirer/inconnu/"]:
        response = client.post(link)
        assert response.status_code == 404
        assert "Ce lien n'est pas valable" in html.unescape(response.content.decode())


def test_it_lists_and_removes_a_persons_own_alerts(client, city):
    mine = quartier_alert(city, "NOAILLES", groups=["Voirie"])
    client.force_login(city.people["dave"])

    page = html.unescape(client.get("/mes-alertes/").content.decode())
    assert "Le quartier Noailles" in page and "Thèmes : Voirie" in page

    response = client.post(f"/mes-alertes/{mine.pk}/retirer/")
    assert response.status_code == 302
    assert not AreaAlert.objects.exists()


def test_it_does_not_let_anyone_remove_anothers_alert(client, city):
    daves = quartier_alert(city, "NOAILLES")
    client.force_login(city.people["erin"])

    assert client.post(f"/mes-alertes/{daves.pk}/retirer/").status_code == 404
    assert "Noailles" not in client.get("/mes-alertes/").content.decode()
    assert AreaAlert.objects.count() == 1


def test_it_confirms_an_unverified_accounts_alert_by_email(client, city, on_commit):
    erin = city.people["erin"]
    type(erin).objects.filter(pk=erin.pk).update(email_verified_at=None)
    erin.refresh_from_db()

    with on_commit():
        alert = area_alerts.create_alert(user=erin, quartier=city.quartiers["BELSUNCE"])

    assert alert.confirmed_at is None
    assert [m.to for m in mail.outbox] == [["erin@example.org"]]
    assert f"/alertes/confirmer/{alert.token}/" in mail.outbox[0].body


def test_it_shows_the_kind_on_the_preferences_page(client, city):
    client.force_login(city.people["alice"])

    page = html.unescape(client.get(reverse("notifications:preferences")).content.decode())

    assert "Alertes de quartier : les nouvelles demandes publiques près de chez vous" in page
