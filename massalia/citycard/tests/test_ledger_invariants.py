"""Whatever happens to cards — top-ups, taps paid or refused, taps sent twice — every movement
balances, every purse equals the sum of its entries and never goes below zero, and the
decisions are those of a plain model of the rules (property test)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from massalia.citycard import ledger, services
from massalia.citycard.models import Account, Device, Entry, Product, Tap, TopUp, Transaction
from massalia.citycard.tests.conftest import monthly_pass, number

CARDS = 3
FARES = [170, 200]

operation = st.one_of(
    st.tuples(st.just("topup"), st.integers(0, CARDS - 1), st.integers(100, 600)),
    st.tuples(
        st.just("tap"),
        st.integers(0, CARDS - 1),
        st.integers(0, len(FARES) - 1),
        st.integers(0, 120),
    ),
    st.tuples(st.just("pass"), st.integers(0, CARDS - 1)),
)


class LedgerInvariants(TestCase):
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(operation, max_size=25))
    def test_balances_are_the_sum_of_movements_and_never_negative(self, operations):
        devices = [
            Device.objects.create(code=f"v{i}", kind=Device.Kind.VALIDATOR, line="1", fare_cents=f)
            for i, f in enumerate(FARES)
        ]
        cards = [services.issue_card(number=number(i)) for i in range(CARDS)]
        for card in cards:
            services.add_product(card=card, kind=Product.Kind.STORED_VALUE, label="Porte-monnaie")
        expected = [0] * CARDS
        has_pass = [False] * CARDS
        seen: set[tuple[int, int, int]] = set()
        start = timezone.now() - timedelta(hours=2)
        for step, op in enumerate(operations):
            if op[0] == "topup":
                _, c, cents = op
                topup = TopUp.objects.create(card=cards[c], amount_cents=cents)
                services.credit_topup(
                    topup_id=topup.pk, amount_cents=cents, reference=f"p{step}", at=start
                )
                expected[c] += cents
            elif op[0] == "pass":
                monthly_pass(cards[op[1]])
                has_pass[op[1]] = True
            else:
                _, c, d, minute = op
                decision = services.tap(
                    device=devices[d], number=number(c), at=start + timedelta(minutes=minute)
                )
                if (c, d, minute) in seen:
                    assert decision.repeated
                    continue
                seen.add((c, d, minute))
                if has_pass[c]:
                    assert decision.reason == "pass"
                elif expected[c] >= FARES[d]:
                    assert decision.reason == "paid"
                    expected[c] -= FARES[d]
                else:
                    assert decision.reason == "insufficient_balance"
        for c, card in enumerate(cards):
            purse = Account.objects.get(card=card)
            assert purse.balance_cents == ledger.balance(purse) == expected[c] >= 0
        for movement in Transaction.objects.prefetch_related("entries"):
            amounts = [e.amount_cents for e in movement.entries.all()]
            assert len(amounts) >= 2 and sum(amounts) == 0
        assert (Entry.objects.aggregate(s=Sum("amount_cents"))["s"] or 0) == 0
        assert Tap.objects.count() == len(seen)
