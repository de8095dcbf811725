"""The double-entry ledger of the city card: every movement balanced, no purse below zero.

A movement is one `Transaction` with two entries or more summing to zero. A purse (a card's
account) keeps its balance on its row, changed only here, while the caller holds that row's
lock (`locked_purse`); the database's check refuses a purse below zero whatever happens. The
city's own accounts (top-ups received, fares earned) keep no running balance: every paid tap
would otherwise wait for the one "fares" row, so their balance is the sum of their entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Sum

from massalia.citycard.models import Account, Card, Entry, Transaction


class Unbalanced(ValueError):
    """A movement whose entries do not sum to zero, or with fewer than two entries."""


def city_account(kind: str) -> Account:
    """The city's account of `kind` (created the first time, once whatever the race)."""
    account = Account.objects.filter(kind=kind, card=None).first()
    if account is not None:
        return account
    try:
        with transaction.atomic():
            return Account.objects.create(kind=kind, card=None)
    except IntegrityError:
        return Account.objects.get(kind=kind, card=None)


def purse_of(card: Card) -> Account:
    account, _ = Account.objects.get_or_create(kind=Account.Kind.PURSE, card=card)
    return account


def locked_purse(card_id: int) -> Account:
    """The card's purse, its row locked until the end of the transaction (PostgreSQL; SQLite
    serialises writers already, the settings open every transaction IMMEDIATE)."""
    return Account.objects.select_for_update().get(kind=Account.Kind.PURSE, card_id=card_id)


@transaction.atomic
def post(
    *,
    kind: str,
    label: str,
    at: datetime,
    lines: Sequence[tuple[Account, int]],
    payment_reference: str | None = None,
) -> Transaction:
    """Write one balanced movement and apply it to the purses it touches.

    `lines` are (account, signed cents); purses among them must be locked by the caller.
    Raises Unbalanced, or IntegrityError when a purse would go below zero.
    """
    if len(lines) < 2 or sum(amount for _, amount in lines) != 0:
        raise Unbalanced(f"entries {[amount for _, amount in lines]} do not balance")
    if any(amount == 0 for _, amount in lines):
        raise Unbalanced("an entry of zero moves nothing")
    movement = Transaction.objects.create(
        kind=kind, label=label, at=at, payment_reference=payment_reference
    )
    Entry.objects.bulk_create(
        Entry(transaction=movement, account=account, amount_cents=amount)
        for account, amount in lines
    )
    for account, amount in lines:
        if account.kind == Account.Kind.PURSE:
            Account.objects.filter(pk=account.pk).update(balance_cents=F("balance_cents") + amount)
            account.balance_cents += amount
    return movement


def balance(account: Account) -> int:
    """An account's balance as the sum of its entries (what a purse's row must equal)."""
    return int(Entry.objects.filter(account=account).aggregate(s=Sum("amount_cents"))["s"] or 0)
