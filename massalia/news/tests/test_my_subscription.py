"""A signed-in person with a confirmed account address chooses, changes and stops their
newsletter from their account; without a confirmed address they may not."""

import html

import pytest
from django.utils import timezone

from massalia.news import selectors

pytestmark = pytest.mark.django_db


def test_it_lets_a_confirmed_account_manage_its_newsletter(client, city, themes):
    alice = city.people["alice"]
    alice.email_verified_at = timezone.now()
    alice.save()
    client.force_login(alice)
    assert "Vous ne recevez pas la lettre" in html.unescape(
        client.get("/actualites/lettre/mon-abonnement/").content.decode()
    )
    saved = client.post("/actualites/lettre/mon-abonnement/", {"themes": [themes["mer"].pk]})
    assert saved.status_code == 302
    assert selectors.receives("alice@example.org")
    assert list(selectors.subscription_of(alice).themes.all()) == [themes["mer"]]
    assert client.post("/actualites/lettre/mon-abonnement/arreter/").status_code == 302
    assert not selectors.receives("alice@example.org")


def test_it_asks_an_unconfirmed_account_to_confirm_its_address_first(client, city, themes):
    bob = city.people["bob"]
    bob.email_verified_at = None
    bob.save()
    client.force_login(bob)
    response = client.post("/actualites/lettre/mon-abonnement/", {"themes": [themes["mer"].pk]})
    assert response.status_code == 403
    assert "Confirmez d'abord" in html.unescape(response.content.decode())
    assert not selectors.receives("bob@example.org")
