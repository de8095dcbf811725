from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from massalia.citycard import numbers, services
from massalia.citycard.models import Card, Device, Facility, Product


def number(n: int) -> str:
    """The n-th test card number (16 digits, Luhn-valid)."""
    return numbers.with_check_digit(f"{6_000_000_000_000_00 + n:015d}")


@pytest.fixture
def bus(db) -> Device:
    return Device.objects.create(
        code="bus-2-joliette", kind=Device.Kind.VALIDATOR, line="2", stop="Joliette", fare_cents=170
    )


@pytest.fixture
def pool(db) -> Device:
    return Device.objects.create(
        code="piscine-vallier", kind=Device.Kind.GATE, facility=Facility.POOL, fare_cents=300
    )


def card_with_purse(n: int, cents: int, holder=None) -> Card:
    """A card whose purse holds `cents`, loaded through a paid top-up as in life."""
    card = services.issue_card(number=number(n), holder=holder)
    services.add_product(card=card, kind=Product.Kind.STORED_VALUE, label="Porte-monnaie")
    if cents:
        topup = (
            services.request_topup(card=card, amount_cents=cents, user=holder) if holder else None
        )
        if topup is None:
            from massalia.citycard.models import TopUp

            topup = TopUp.objects.create(card=card, amount_cents=cents)
        services.credit_topup(
            topup_id=topup.pk,
            amount_cents=cents,
            reference=f"ref-{n}-{topup.pk}",
            at=timezone.now(),
        )
    card.refresh_from_db()
    return card


def monthly_pass(card: Card) -> Product:
    now = timezone.now()
    return services.add_product(
        card=card,
        kind=Product.Kind.TRANSPORT_PASS,
        label="Abonnement mensuel",
        valid_from=now - timedelta(days=3),
        valid_until=now + timedelta(days=27),
    )
