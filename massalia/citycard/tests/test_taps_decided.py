"""Each tap gets accept or refuse with its reason, from the card's products and purse."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from massalia.citycard import ledger, services
from massalia.citycard.models import Facility, Product, Reason, Tap
from massalia.citycard.tests.conftest import card_with_purse, monthly_pass, number

pytestmark = pytest.mark.django_db


def test_it_accepts_a_valid_pass_without_touching_the_purse(bus):
    card = card_with_purse(1, 500)
    monthly_pass(card)
    decision = services.tap(device=bus, number=number(1), at=timezone.now())
    assert (decision.accepted, decision.reason, decision.balance_cents) == (True, Reason.PASS, 500)


def test_it_pays_the_fare_from_the_purse_and_books_it(bus):
    card = card_with_purse(1, 500)
    decision = services.tap(device=bus, number=number(1), at=timezone.now())
    assert (decision.accepted, decision.reason, decision.balance_cents) == (True, Reason.PAID, 330)
    tap = Tap.objects.get()
    assert [e.amount_cents for e in tap.transaction.entries.order_by("amount_cents")] == [-170, 170]
    assert ledger.balance(card.account) == 330


def test_it_refuses_an_insufficient_balance(bus):
    card_with_purse(1, 100)
    decision = services.tap(device=bus, number=number(1), at=timezone.now())
    assert (decision.accepted, decision.reason) == (False, Reason.INSUFFICIENT_BALANCE)


def test_it_refuses_a_card_without_product(bus):
    services.issue_card(number=number(1))
    decision = services.tap(device=bus, number=number(1), at=timezone.now())
    assert (decision.accepted, decision.reason) == (False, Reason.NO_PRODUCT)


def test_it_refuses_an_expired_pass(bus):
    card = services.issue_card(number=number(1))
    now = timezone.now()
    services.add_product(
        card=card,
        kind=Product.Kind.TRANSPORT_PASS,
        label="Abonnement",
        valid_from=now - timedelta(days=40),
        valid_until=now - timedelta(days=10),
    )
    decision = services.tap(device=bus, number=number(1), at=now)
    assert (decision.accepted, decision.reason) == (False, Reason.EXPIRED)


def test_it_refuses_a_lost_or_blocked_card_even_with_a_pass(bus, city):
    alice = city.people["alice"]
    card = card_with_purse(1, 500, holder=alice)
    monthly_pass(card)
    services.declare_loss(card=card, user=alice)
    decision = services.tap(device=bus, number=number(1), at=timezone.now())
    assert (decision.accepted, decision.reason) == (False, Reason.CARD_BLOCKED)
    services.unblock(card=card, note="retrouvée")
    assert services.tap(device=bus, number=number(1), at=timezone.now()).accepted
    services.block(card=card, note="fraude")
    later = timezone.now() + timedelta(seconds=1)
    assert services.tap(device=bus, number=number(1), at=later).reason == Reason.CARD_BLOCKED


def test_it_refuses_an_unknown_card_and_records_only_its_hash(bus):
    decision = services.tap(device=bus, number=number(9), at=timezone.now())
    assert (decision.accepted, decision.reason) == (False, Reason.UNKNOWN_CARD)
    assert Tap.objects.get().card_hash != number(9)
    assert number(9) not in Tap.objects.get().card_hash


def test_an_anonymous_card_is_accepted_like_a_named_one(bus, pool):
    card = card_with_purse(1, 1000)
    assert card.anonymous and card.holder is None
    assert services.tap(device=bus, number=number(1), at=timezone.now()).accepted
    assert services.tap(device=pool, number=number(1), at=timezone.now()).accepted


def test_a_facility_access_counts_its_entries_down_then_the_purse_pays(pool):
    card = card_with_purse(1, 300)
    access = services.add_product(
        card=card,
        kind=Product.Kind.FACILITY,
        label="Piscine 2 entrées",
        facility=Facility.POOL,
        entries=2,
    )
    start = timezone.now()
    reasons = [
        services.tap(device=pool, number=number(1), at=start + timedelta(minutes=i)).reason
        for i in range(4)
    ]
    assert reasons == [Reason.ACCESS, Reason.ACCESS, Reason.PAID, Reason.EXPIRED]
    access.refresh_from_db()
    assert access.entries_left == 0


def test_a_museum_access_does_not_open_the_pool(pool):
    card = services.issue_card(number=number(1))
    services.add_product(
        card=card, kind=Product.Kind.FACILITY, label="Musées", facility=Facility.MUSEUM
    )
    assert services.tap(device=pool, number=number(1), at=timezone.now()).reason == (
        Reason.NO_PRODUCT
    )
