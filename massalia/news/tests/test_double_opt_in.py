"""Subscribing sends a signed, dated confirmation link and stores nothing; opening the link
shows a button (a mail scanner following it confirms nothing); the button's POST records the
address with its choices and switches the newsletter on."""

import html
import time

import pytest
from django.core import signing

from massalia.news import selectors
from massalia.news.models import Subscriber
from massalia.news.tests.conftest import link_in

pytestmark = pytest.mark.django_db


def test_it_confirms_an_address_before_sending_it_anything(client, city, themes, outbox):
    response = client.post(
        "/actualites/lettre/",
        {"email": " Voisine@Example.org ", "themes": [themes["mer"].pk],
         "quartiers": [city.quartiers["NOAILLES"].pk]},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == "/actualites/lettre/envoyee/"
    assert not Subscriber.objects.exists()
    (message,) = outbox
    assert message.to == ["voisine@example.org"]
    assert "Confirmez votre abonnement" in message.subject
    confirm = link_in(message, "/actualites/lettre/confirmer/")

    page = client.get(confirm)
    assert page.status_code == 200
    assert "Confirmer mon abonnement" in html.unescape(page.content.decode())
    assert not Subscriber.objects.exists()

    done = client.post(confirm)
    assert done.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "voisine@example.org"
    assert list(subscriber.themes.all()) == [themes["mer"]]
    assert list(subscriber.quartiers.all()) == [city.quartiers["NOAILLES"]]
    assert selectors.receives("voisine@example.org")
    assert "/notifications/desabonnement/" in done.content.decode()


def test_it_refuses_an_expired_or_altered_link(client, themes, outbox, monkeypatch):
    eight_days_ago = time.time() - 8 * 24 * 3600
    with monkeypatch.context() as past:
        past.setattr(signing.time, "time", lambda: eight_days_ago)
        client.post("/actualites/lettre/", {"email": "voisine@example.org"})
    confirm = link_in(outbox[0], "/actualites/lettre/confirmer/")
    expired = client.post(confirm)
    assert expired.status_code == 400
    assert "a expiré" in html.unescape(expired.content.decode())
    altered = client.post(confirm.rstrip("/") + "x/")
    assert altered.status_code == 400
    assert "n'est pas valide" in html.unescape(altered.content.decode())
    forged = signing.dumps({"e": "autre@example.org"}, salt="autre.sel")
    assert client.get(f"/actualites/lettre/confirmer/{forged}/").status_code == 400
    assert not Subscriber.objects.exists()
