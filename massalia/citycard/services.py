"""Every write of the city card: cards and their products, loss and blocking, top-ups, taps.

Keyword-only and transactional. A tap locks its card's purse row first, so two taps of one
card are decided one after the other and the purse cannot be spent twice; the same tap sent
again (same device, card and time) finds the first one and is counted once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.db.models.functions import TruncHour
from django.utils import timezone
from django.utils.translation import gettext as _

from massalia.citycard import ledger, numbers
from massalia.citycard.models import (
    Account,
    Card,
    Device,
    Product,
    Reason,
    Tap,
    TapCount,
    TopUp,
    Transaction,
)

TOPUP_PURPOSE = "citycard.topup"


# Cards ------------------------------------------------------------------------------------


@transaction.atomic
def issue_card(*, number: str, holder: Any = None) -> Card:
    """A new card (anonymous unless it has a holder), with its empty purse."""
    digits = numbers.clean(number)
    digest = numbers.digest(digits)
    if Card.objects.filter(number_hash=digest).exists():
        raise ValidationError(_("Cette carte existe déjà."), code="taken")
    card = Card.objects.create(
        number_hash=digest, last_digits=digits[-4:], holder=holder, anonymous=holder is None
    )
    ledger.purse_of(card)
    return card


def find_card(number: str) -> Card | None:
    return Card.objects.filter(number_hash=numbers.digest(numbers.clean(number))).first()


@transaction.atomic
def link_card(*, number: str, user: Any) -> Card:
    """Register an anonymous card in `user`'s name (a card bought at a counter, say)."""
    card = find_card(number)
    if card is None:
        raise ValidationError(_("Aucune carte ne porte ce numéro."), code="unknown")
    card = Card.objects.select_for_update().get(pk=card.pk)
    if card.holder_id == user.pk:
        raise ValidationError(_("Cette carte est déjà à votre nom."), code="already")
    if card.holder_id is not None:
        raise ValidationError(_("Cette carte est au nom d'une autre personne."), code="other")
    if not card.is_usable:
        raise ValidationError(_("Cette carte est bloquée : elle ne peut pas être rattachée."))
    card.holder, card.anonymous = user, False
    card.save(update_fields=["holder", "anonymous"])
    return card


@transaction.atomic
def declare_loss(*, card: Card, user: Any) -> Card:
    """The holder declares the card lost: it is refused everywhere from now on."""
    card = Card.objects.select_for_update().get(pk=card.pk)
    if card.holder_id != user.pk:
        raise ValidationError(_("Cette carte n'est pas à votre nom."))
    if card.status == Card.Status.LOST:
        raise ValidationError(_("Cette carte est déjà déclarée perdue."))
    return _set_status(card, Card.Status.LOST, "déclarée perdue par son titulaire")


@transaction.atomic
def block(*, card: Card, note: str) -> Card:
    """An agent blocks a card (fraud, a holder's call to the counter)."""
    card = Card.objects.select_for_update().get(pk=card.pk)
    if card.status == Card.Status.BLOCKED:
        raise ValidationError("Cette carte est déjà bloquée.")
    return _set_status(card, Card.Status.BLOCKED, note.strip()[:200] or "bloquée par un agent")


@transaction.atomic
def unblock(*, card: Card, note: str) -> Card:
    """An agent gives a blocked or lost card back its use (found again, checked)."""
    card = Card.objects.select_for_update().get(pk=card.pk)
    if card.status == Card.Status.ACTIVE:
        raise ValidationError("Cette carte est déjà active.")
    return _set_status(card, Card.Status.ACTIVE, note.strip()[:200] or "débloquée par un agent")


def _set_status(card: Card, status: str, note: str) -> Card:
    card.status, card.status_note, card.status_changed_at = status, note, timezone.now()
    card.save(update_fields=["status", "status_note", "status_changed_at"])
    return card


@transaction.atomic
def add_product(
    *,
    card: Card,
    kind: str,
    label: str,
    facility: str = "",
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    entries: int | None = None,
) -> Product:
    """Load a product on a card (a counter's sale, a subscription's renewal)."""
    if kind == Product.Kind.STORED_VALUE:
        return _purse_product(card)
    if kind == Product.Kind.FACILITY and not facility:
        raise ValidationError("Un accès aux équipements nomme ses équipements.")
    if valid_from and valid_until and valid_until <= valid_from:
        raise ValidationError("La fin de validité suit son début.")
    return Product.objects.create(
        card=card,
        kind=kind,
        label=label,
        facility=facility,
        valid_from=valid_from,
        valid_until=valid_until,
        entries_left=entries,
    )


def _purse_product(card: Card) -> Product:
    product, _ = Product.objects.get_or_create(
        card=card, kind=Product.Kind.STORED_VALUE, defaults={"label": "Porte-monnaie"}
    )
    return product


# Top-ups ----------------------------------------------------------------------------------


@transaction.atomic
def request_topup(*, card: Card, amount_cents: int, user: Any) -> TopUp:
    """What the holder wants to load; the payment (purpose `citycard.topup`) pays it."""
    if card.holder_id != user.pk:
        raise ValidationError(_("Cette carte n'est pas à votre nom."))
    if not card.is_usable:
        raise ValidationError(_("Cette carte est bloquée : elle ne peut pas être rechargée."))
    if not 100 <= amount_cents <= 15000:
        raise ValidationError(_("Le rechargement va de 1 € à 150 €."))
    return TopUp.objects.create(card=card, amount_cents=amount_cents, requested_by=user)


@transaction.atomic
def credit_topup(*, topup_id: int, amount_cents: int, reference: str, at: datetime) -> bool:
    """Credit a paid top-up to its card's purse, once per payment; whether it was credited now.

    The money was received, so a card blocked meanwhile is credited all the same (its
    holder gets it back at the counter); an amount other than the top-up's is refused.
    """
    topup = TopUp.objects.select_for_update().select_related("card").get(pk=topup_id)
    if (
        topup.credited_id is not None
        or Transaction.objects.filter(payment_reference=reference).exists()
    ):
        return False
    if amount_cents != topup.amount_cents:
        raise ValueError(f"top-up {topup.pk} is {topup.amount_cents} cents, paid {amount_cents}")
    purse = ledger.locked_purse(topup.card_id)
    movement = ledger.post(
        kind=Transaction.Kind.TOPUP,
        label="Rechargement en ligne",
        at=at,
        lines=[(purse, amount_cents), (ledger.city_account(Account.Kind.TOPUPS), -amount_cents)],
        payment_reference=reference,
    )
    _purse_product(topup.card)
    topup.credited = movement
    topup.save(update_fields=["credited"])
    return True


# Taps -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    accepted: bool
    reason: str
    repeated: bool = False  # the same tap was already decided: this answer is the first one
    balance_cents: int | None = None  # the purse after the tap (a known card)

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "decision": "accept" if self.accepted else "refuse",
            "reason": self.reason,
            "repeated": self.repeated,
        }
        if self.balance_cents is not None:
            found["balance_cents"] = self.balance_cents
        return found


ACCEPTING: set[str] = {Reason.PASS, Reason.ACCESS, Reason.PAID}
LATE = "late"  # older than the retention: counted already, or never to be counted


def retention() -> timedelta:
    return timedelta(hours=settings.CITYCARD_TAP_RETENTION_HOURS)


def tap(
    *, device: Device, number: str = "", card_hash: str = "", at: datetime, offline: bool = False
) -> Decision:
    """Decide one tap of a card (its number, or its hash) on a device at `at`, and record it.

    Sent again, the same tap answers its first decision and changes nothing. A tap older
    than the retention is refused as late, unrecorded: its twin may already be counted.
    """
    digest = card_hash or numbers.digest(numbers.clean(number))
    if at < timezone.now() - retention():
        return Decision(False, LATE)
    card = Card.objects.filter(number_hash=digest).first()
    try:
        with transaction.atomic():
            return _decide(device, card, digest, at, offline)
    except IntegrityError:
        # Only for an unknown card, which has no purse to lock: a twin was recorded first.
        first = Tap.objects.get(device=device, card_hash=digest, at=at)
        return Decision(first.accepted, first.reason, repeated=True)


def _decide(
    device: Device, card: Card | None, digest: str, at: datetime, offline: bool
) -> Decision:
    purse = ledger.locked_purse(card.pk) if card is not None else None
    first = Tap.objects.filter(device=device, card_hash=digest, at=at).first()
    if first is not None:
        balance = purse.balance_cents if purse is not None else None
        return Decision(first.accepted, first.reason, repeated=True, balance_cents=balance)
    reason: str
    if card is None or purse is None:
        reason, fare = Reason.UNKNOWN_CARD, 0
    else:
        card.refresh_from_db(fields=["status"])
        reason, fare = _rule(device, card, purse, at)
    movement = None
    if reason == Reason.PAID and purse is not None:
        movement = ledger.post(
            kind=Transaction.Kind.FARE,
            label=_fare_label(device),
            at=at,
            lines=[(purse, -fare), (ledger.city_account(Account.Kind.FARES), fare)],
        )
    Tap.objects.create(
        device=device,
        card_hash=digest,
        at=at,
        accepted=reason in ACCEPTING,
        reason=reason,
        offline=offline,
        transaction=movement,
    )
    return Decision(
        reason in ACCEPTING,
        reason,
        balance_cents=purse.balance_cents if purse is not None else None,
    )


def _fare_label(device: Device) -> str:
    # The ledger is the holder's statement: it says what was paid, never where.
    if device.kind == Device.Kind.GATE:
        return f"Entrée — {device.get_facility_display()}"
    return "Trajet en transport"


def _rule(device: Device, card: Card, purse: Account, at: datetime) -> tuple[str, int]:
    """The reason of the decision and the fare the purse pays (PAID only)."""
    if not card.is_usable:
        return Reason.CARD_BLOCKED, 0
    products = list(card.products.all())
    if device.kind == Device.Kind.VALIDATOR:
        covering = [p for p in products if p.kind == Product.Kind.TRANSPORT_PASS]
        if any(p.valid_at(at) for p in covering):
            return Reason.PASS, 0
    else:
        covering = [
            p for p in products if p.kind == Product.Kind.FACILITY and p.facility == device.facility
        ]
        usable = [p for p in covering if p.valid_at(at) and p.entries_left != 0]
        if usable:
            # A pass without a count of entries first, else the one closest to its end.
            chosen = min(usable, key=lambda p: (p.entries_left is not None, p.valid_until or at))
            if chosen.entries_left is not None:
                Product.objects.filter(pk=chosen.pk).update(entries_left=chosen.entries_left - 1)
            return Reason.ACCESS, 0
    has_purse = any(p.kind == Product.Kind.STORED_VALUE for p in products)
    fare = device.fare_cents
    if has_purse and fare and purse.balance_cents >= fare:
        return Reason.PAID, fare
    if covering:
        return Reason.EXPIRED, 0
    if has_purse and fare:
        return Reason.INSUFFICIENT_BALANCE, 0
    return Reason.NO_PRODUCT, 0


@dataclass(frozen=True)
class BatchItem:
    number: str
    at: datetime
    offline: bool = True


def tap_batch(*, device: Device, items: Iterable[BatchItem]) -> list[Decision]:
    """A validator's offline batch, decided in the order the taps happened (a purse is spent
    by the earliest taps first), each tap once; the decisions in the order sent."""
    listed = list(items)
    order = sorted(range(len(listed)), key=lambda i: listed[i].at)
    decisions: list[Decision | None] = [None] * len(listed)
    for i in order:
        item = listed[i]
        decisions[i] = tap(device=device, number=item.number, at=item.at, offline=item.offline)
    return [d for d in decisions if d is not None]


# Privacy: identifying taps become anonymous counts ------------------------------------------


def reduce_taps(*, now: datetime | None = None, dry_run: bool = False) -> int:
    """Count the taps older than the retention by device, hour and reason into `TapCount`,
    then delete them, a chunk per transaction; the taps reduced."""
    before = (now or timezone.now()) - retention()
    if dry_run:
        return Tap.objects.filter(at__lt=before).count()
    reduced = 0
    while chunk := _reduce_chunk(before):
        reduced += chunk
    return reduced


CHUNK = 500


@transaction.atomic
def _reduce_chunk(before: datetime) -> int:
    pks = list(
        Tap.objects.filter(at__lt=before)
        .select_for_update(skip_locked=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:CHUNK]
    )
    if not pks:
        return 0
    rows = (
        Tap.objects.filter(pk__in=pks)
        .annotate(hour=TruncHour("at"))
        .values("device_id", "hour", "accepted", "reason")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        count, _ = TapCount.objects.select_for_update().get_or_create(
            device_id=row["device_id"],
            hour=row["hour"],
            reason=row["reason"],
            defaults={"accepted": row["accepted"]},
        )
        TapCount.objects.filter(pk=count.pk).update(count=F("count") + row["n"])
    Tap.objects.filter(pk__in=pks).delete()
    return len(pks)
