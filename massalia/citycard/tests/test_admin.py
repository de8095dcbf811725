"""The admin sets up validators; cards, movements and counts are read there, never edited."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from massalia.citycard import services
from massalia.citycard.models import Card
from massalia.citycard.tests.conftest import card_with_purse, number

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["device", "card", "transaction", "tapcount"])
def test_the_lists_open_for_an_administrator(client, city, bus, model):
    card_with_purse(1, 500)
    services.tap(device=bus, number=number(1), at=timezone.now())
    client.force_login(city.people["root"])
    assert client.get(reverse(f"admin:citycard_{model}_changelist")).status_code == 200


def test_a_card_is_read_only_and_its_hash_is_not_shown(client, city):
    card = card_with_purse(1, 500)
    client.force_login(city.people["root"])
    page = client.get(reverse("admin:citycard_card_change", args=[card.pk]))
    assert page.status_code == 200
    assert card.number_hash not in page.content.decode()
    client.post(reverse("admin:citycard_card_change", args=[card.pk]), {"status": "blocked"})
    assert Card.objects.get(pk=card.pk).status == Card.Status.ACTIVE
