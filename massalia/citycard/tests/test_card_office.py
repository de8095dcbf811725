"""The card office finds a card by its number, blocks and unblocks it, and reads the counts."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from massalia.citycard import services
from massalia.citycard.models import Card
from massalia.citycard.tests.conftest import card_with_purse, number

pytestmark = pytest.mark.django_db
OFFICE = reverse("citycard_agents:office")


def test_an_administrator_finds_blocks_and_unblocks_a_card(client, city, bus):
    card = card_with_purse(1, 500)
    services.tap(device=bus, number=number(1), at=timezone.now())
    client.force_login(city.people["root"])
    page = client.get(OFFICE, {"number": number(1)}).content.decode()
    assert f"Carte n° …{card.last_digits}" in page and "Ligne 2 — Joliette" in page
    status = reverse("citycard_agents:status", args=[card.pk])
    assert client.post(status, {"action": "block", "note": "fraude"}).status_code == 302
    card.refresh_from_db()
    assert (card.status, card.status_note) == (Card.Status.BLOCKED, "fraude")
    assert client.post(status, {"action": "block"}).status_code == 400
    assert client.post(status, {"action": "unblock"}).status_code == 302
    card.refresh_from_db()
    assert card.status == Card.Status.ACTIVE


def test_staff_given_the_permission_may_too_and_other_agents_may_not(client, city):
    bob = city.people["bob"]
    client.force_login(bob)
    assert client.get(OFFICE).status_code == 403
    bob.user_permissions.add(Permission.objects.get(codename="change_card"))
    bob = type(bob).objects.get(pk=bob.pk)
    client.force_login(bob)
    assert client.get(OFFICE).status_code == 200


def test_a_bad_number_is_a_400(client, city):
    client.force_login(city.people["root"])
    assert client.get(OFFICE, {"number": "12"}).status_code == 400
    assert client.get(OFFICE, {"number": number(3)}).status_code == 400
