"""The demo city card: cards with products, taps decided by the real service, loaded once."""

import pytest

from massalia.citycard import ledger
from massalia.citycard.models import Account, Card, Product, Tap, TapCount
from massalia.demo import citycard
from massalia.demo.organisation import load_departments, load_people

pytestmark = pytest.mark.django_db


def test_it_loads_cards_with_products_and_taps_once():
    load_people(load_departments())
    assert citycard.load(taps=120) == 125
    assert Card.objects.count() == citycard.CARDS
    assert Card.objects.filter(holder__username="citoyenne").exists()
    assert Card.objects.filter(anonymous=True).count() > 20
    kinds = set(Product.objects.values_list("kind", flat=True))
    assert kinds == {"pass", "purse", "facility"}
    reasons = set(Tap.objects.values_list("reason", flat=True))
    assert {"pass", "paid", "unknown_card", "card_blocked"} <= reasons
    assert TapCount.objects.exists()
    for purse in Account.objects.filter(kind=Account.Kind.PURSE):
        assert purse.balance_cents == ledger.balance(purse) >= 0
    assert citycard.load(taps=120) == 0
    assert Tap.objects.count() == 125
