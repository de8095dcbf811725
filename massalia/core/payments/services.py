"""Every write on payments: start one, settle it from a provider's notification, expire it.

Keyword-only, atomic, each step written to the payment's trail. A payment is settled once: a
notification for a payment that is no longer pending changes nothing (it is written to the
trail, and a late "paid" is logged as an error for the treasury to reconcile).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from massalia.core.events import publish
from massalia.core.payments import purposes
from massalia.core.payments.events import PaymentSettled
from massalia.core.payments.models import Payment, PaymentTrailEntry
from massalia.core.payments.providers import NotificationRefused, Provider, Verified
from massalia.core.tasks import task

log = logging.getLogger(__name__)
Step = PaymentTrailEntry.Step
Status = Payment.Status
FINAL = {"paid": Status.PAID, "refused": Status.REFUSED, "cancelled": Status.CANCELLED}


@transaction.atomic
def start(*, purpose: str, object_id: str, user: Any, provider: Provider) -> Payment:
    """The payment to send `user` to the provider with, for the object the purpose names.

    The amount and label come from the domain (`Purpose.due`), never from the browser; it
    raises NotPayable when the object cannot be paid now. An object has at most one pending
    payment: it is reused when nothing changed (the person pressed "Payer" twice, or came back
    from the bank), else closed as abandoned and replaced.
    """
    due = purposes.get(purpose).due(object_id, user)
    if due.amount_cents <= 0:
        raise purposes.NotPayable(_("Il n'y a rien à payer."))
    pending = Payment.objects.select_for_update().pending().for_object(purpose, object_id).first()
    if pending is not None:
        if _same(pending, due, user, provider):
            return pending
        _close(pending, Status.CANCELLED, detail="remplacé par un nouveau paiement")
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                purpose=purpose,
                object_id=str(object_id),
                amount_cents=due.amount_cents,
                label=due.label[:200],
                provider=provider.name,
                started_by=user if getattr(user, "is_authenticated", False) else None,
            )
    except IntegrityError:
        # Another request started this object's payment at the same moment: send that one.
        raced = Payment.objects.pending().for_object(purpose, object_id).first()
        if raced is None:
            raise
        return raced
    _trail(payment, Step.CREATED)
    return payment


def _same(payment: Payment, due: purposes.Due, user: Any, provider: Provider) -> bool:
    return (
        payment.amount_cents == due.amount_cents
        and payment.started_by_id == getattr(user, "pk", None)
        and payment.provider == provider.name
        and not is_stale(payment)
    )


def send(*, payment: Payment, provider: Provider, notify_url: str, return_url: str) -> str:
    """Where to send the person to pay `payment`: the provider's address (trail: sent)."""
    url = provider.start(payment, notify_url=notify_url, return_url=return_url)
    _trail(payment, Step.SENT)
    return url


@dataclass(frozen=True)
class Settlement:
    payment: Payment
    changed: bool  # False: a repeated or late notification, nothing was changed


@transaction.atomic
def settle(*, verified: Verified, provider: Provider) -> Settlement:
    """Apply what the provider really said (`verify` passed) to the payment, once.

    NotificationRefused for an unknown reference, another provider's payment or another
    amount: the notification is not about this payment, nothing changes.
    """
    payment = Payment.objects.select_for_update().filter(reference=verified.reference).first()
    if payment is None:
        raise NotificationRefused("unknown reference", status=404, reference=verified.reference)
    if payment.provider != provider.name:
        raise NotificationRefused("another provider's payment", reference=payment.reference)
    if verified.amount_cents != payment.amount_cents:
        raise NotificationRefused(
            f"amount {verified.amount_cents} for a payment of {payment.amount_cents}",
            reference=payment.reference,
        )
    if payment.status == Status.PENDING and is_stale(payment):
        _close(payment, Status.EXPIRED, detail="expiré à l'arrivée de la notification")
    if payment.is_final:
        _ignore(payment, verified)
        return Settlement(payment=payment, changed=False)
    _close(payment, FINAL[verified.outcome], transaction_id=verified.transaction_id)
    if payment.status == Status.PAID:
        publish(_settled(payment))
    return Settlement(payment=payment, changed=True)


def _ignore(payment: Payment, verified: Verified) -> None:
    repeated = (
        FINAL[verified.outcome] == payment.status
        and verified.transaction_id == payment.transaction_id
    )
    detail = f"{verified.outcome} {verified.transaction_id}"[:300]
    _trail(payment, Step.REPEATED if repeated else Step.LATE, detail=detail)
    if repeated:
        log.info("payment %s: repeated notification ignored", payment.reference)
    elif verified.outcome == "paid":
        # Money may have been taken for a payment closed meanwhile: the treasury must know.
        log.error(
            "payment %s is %s but the provider says paid (transaction %s): to reconcile",
            payment.reference,
            payment.status,
            verified.transaction_id,
        )
    else:
        log.warning(
            "payment %s is %s, late notification %s ignored",
            payment.reference,
            payment.status,
            verified.outcome,
        )


def _settled(payment: Payment) -> PaymentSettled:
    assert payment.paid_at is not None
    return PaymentSettled(
        payment_id=payment.pk,
        reference=payment.reference,
        purpose=payment.purpose,
        object_id=payment.object_id,
        amount_cents=payment.amount_cents,
        paid_at=payment.paid_at.isoformat(),
        started_by_id=payment.started_by_id,
    )


def _close(payment: Payment, status: str, *, transaction_id: str = "", detail: str = "") -> None:
    now = timezone.now()
    payment.status = status
    payment.closed_at = now
    payment.transaction_id = transaction_id[:100]
    if status == Status.PAID:
        payment.paid_at = now
    payment.save(update_fields=["status", "closed_at", "transaction_id", "paid_at"])
    _trail(payment, Step(status), detail=detail or transaction_id)


def _trail(payment: Payment, step: str, *, detail: str = "") -> None:
    PaymentTrailEntry.objects.create(payment=payment, step=step, detail=detail[:300])


def is_stale(payment: Payment) -> bool:
    """Pending for longer than PAYMENT_EXPIRY_MINUTES."""
    limit = timezone.now() - timedelta(minutes=settings.PAYMENT_EXPIRY_MINUTES)
    return payment.status == Status.PENDING and payment.created_at < limit


@task  # the "payments-expire" entry of settings.SCHEDULE
def expire_stale() -> int:
    """Close the payments pending for longer than PAYMENT_EXPIRY_MINUTES; how many."""
    limit = timezone.now() - timedelta(minutes=settings.PAYMENT_EXPIRY_MINUTES)
    count = 0
    for payment_id in (
        Payment.objects.pending().filter(created_at__lt=limit).values_list("pk", flat=True)
    ):
        with transaction.atomic():
            payment = Payment.objects.select_for_update().pending().filter(pk=payment_id).first()
            if payment is not None:
                _close(payment, Status.EXPIRED)
                count += 1
    return count
