"""Marseille's demo city card: validators on the metro, tram and bus lines and gates of pools,
museums and sports centres, cards (Camille Citoyenne's, residents', anonymous ones) with
passes, purses and entries, and two days of taps decided by the real service.

Every validator's code starts with "demo-" and every demo card number with 6999: loading
again finds them and changes nothing. The taps of the last 40 hours name their cards (the
48-hour retention); the week before is already anonymous counts, as the hourly job leaves it.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from massalia.accounts.models import User
from massalia.citycard import numbers, services
from massalia.citycard.models import Card, Device, Facility, Product, Reason, TapCount, TopUp
from massalia.demo.organisation import RESIDENTS, resident_username

SEED = 2027
PREFIX = "6999"
# (code, line, stop, single fare in cents)
VALIDATORS = (
    ("demo-m1-vieux-port", "M1", "Vieux-Port", 170),
    ("demo-m1-castellane", "M1", "Castellane", 170),
    ("demo-m2-saint-charles", "M2", "Gare Saint-Charles", 170),
    ("demo-m2-joliette", "M2", "Joliette", 170),
    ("demo-t2-euromed", "T2", "Euroméditerranée Gantès", 170),
    ("demo-t3-rome-davso", "T3", "Rome Davso", 170),
    ("demo-b83-catalans", "83", "Catalans", 170),
    ("demo-b21-luminy", "21", "Luminy", 170),
)
# (code, facility, place, fare in cents)
GATES = (
    ("demo-piscine-vallier", Facility.POOL, "Piscine Vallier", 250),
    ("demo-piscine-luminy", Facility.POOL, "Piscine de Luminy", 250),
    ("demo-musee-histoire", Facility.MUSEUM, "Musée d'Histoire de Marseille", 600),
    ("demo-musee-cantini", Facility.MUSEUM, "Musée Cantini", 600),
    ("demo-palais-des-sports", Facility.SPORTS, "Palais des sports", 300),
)
CARDS = 40


def number(n: int) -> str:
    return numbers.with_check_digit(f"{PREFIX}{n:011d}")


def load(*, now: datetime | None = None, taps: int = 400) -> int:
    """Load the demo city card once; the taps decided (0 when it was already there)."""
    if Device.objects.filter(code__startswith="demo-").exists():
        return 0
    now = now or timezone.now()
    pick = random.Random(SEED)
    devices = _devices()
    cards = _cards(pick, now)
    decided = _taps(pick, devices, cards, now, taps)
    _counts(pick, devices, now)
    return decided


@transaction.atomic
def _devices() -> list[Device]:
    found = [
        Device.objects.create(
            code=code, kind=Device.Kind.VALIDATOR, line=line, stop=stop, fare_cents=fare
        )
        for code, line, stop, fare in VALIDATORS
    ]
    found += [
        Device.objects.create(
            code=code, kind=Device.Kind.GATE, facility=facility, place=place, fare_cents=fare
        )
        for code, facility, place, fare in GATES
    ]
    return found


def _holders() -> list[User | None]:
    names = ["citoyenne", *(resident_username(n) for n in RESIDENTS[:12])]
    people = {u.username: u for u in User.objects.filter(username__in=names)}
    return [people.get(n) for n in names]


def _cards(pick: random.Random, now: datetime) -> list[Card]:
    holders = _holders()
    month = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    cards = []
    for n in range(CARDS):
        holder = holders[n] if n < len(holders) else None  # the others are anonymous
        card = services.issue_card(number=number(n + 1), holder=holder)
        if n % 3 != 2:
            services.add_product(card=card, kind=Product.Kind.STORED_VALUE, label="Porte-monnaie")
            cents = pick.choice([1000, 2000, 3000, 500])
            topup = TopUp.objects.create(card=card, amount_cents=cents, requested_by=holder)
            services.credit_topup(
                topup_id=topup.pk,
                amount_cents=cents,
                reference=f"DEMO-{n:04d}",
                at=now - timedelta(days=5),
            )
        if n % 2 == 0:
            # Every fifth pass is last month's: refused as expired, the purse pays if it can.
            starts = month if n % 10 else month - timedelta(days=31)
            services.add_product(
                card=card,
                kind=Product.Kind.TRANSPORT_PASS,
                label="Abonnement mensuel tous réseaux",
                valid_from=starts,
                valid_until=starts + timedelta(days=31),
            )
        if n % 5 == 0:
            services.add_product(
                card=card,
                kind=Product.Kind.FACILITY,
                label="Piscines municipales — 10 entrées",
                facility=Facility.POOL,
                entries=10,
            )
        if n % 7 == 0:
            services.add_product(
                card=card,
                kind=Product.Kind.FACILITY,
                label="Pass musées — un an",
                facility=Facility.MUSEUM,
                valid_from=now - timedelta(days=60),
                valid_until=now + timedelta(days=305),
            )
        cards.append(card)
    services.block(card=cards[-1], note="démonstration : carte signalée au guichet")
    return cards


def _taps(
    pick: random.Random, devices: list[Device], cards: list[Card], now: datetime, count: int
) -> int:
    start = now - timedelta(hours=40)
    moments = sorted(start + timedelta(seconds=pick.randrange(40 * 3600)) for _ in range(count))
    for at in moments:
        # Transport most of the time, a facility now and then.
        device = pick.choice(devices[: len(VALIDATORS)] if pick.random() < 0.8 else devices)
        card = pick.choice(cards)
        services.tap(device=device, card_hash=card.number_hash, at=at)
    # A few cards nobody issued (a foreign card, a damaged one).
    for i in range(5):
        services.tap(device=devices[0], number=number(900 + i), at=start + timedelta(hours=i))
    return count + 5


@transaction.atomic
def _counts(pick: random.Random, devices: list[Device], now: datetime) -> None:
    """The week before the retention, as anonymous counts by device and hour."""
    first = (now - timedelta(days=9)).replace(minute=0, second=0, microsecond=0)
    rows = []
    for hours in range(0, 7 * 24):
        hour = first + timedelta(hours=hours)
        if not 6 <= timezone.localtime(hour).hour <= 22:
            continue
        for device in devices:
            accepted = pick.randrange(0, 40 if device.kind == Device.Kind.VALIDATOR else 8)
            refused = pick.randrange(0, 3)
            reason = Reason.PASS if device.kind == Device.Kind.VALIDATOR else Reason.ACCESS
            if accepted:
                rows.append(
                    TapCount(device=device, hour=hour, accepted=True, reason=reason, count=accepted)
                )
            if refused:
                rows.append(
                    TapCount(
                        device=device,
                        hour=hour,
                        accepted=False,
                        reason=Reason.NO_PRODUCT,
                        count=refused,
                    )
                )
    TapCount.objects.bulk_create(rows)
