"""The provider's notification: applied once, repeated or late ones change nothing, forged or
unreadable ones are refused with a 4xx and a security log line."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.urls import reverse

from massalia.accounts.models import User
from massalia.core.models import EventDelivery, OutboxEvent
from massalia.core.payments import services, testing
from massalia.core.payments.models import Payment, PaymentTrailEntry
from massalia.core.payments.providers import TestProvider, signature
from massalia.testing import PASSWORD

NOTIFY = reverse("payments:notify", args=["test"])
SECURITY = "massalia.core.payments.security"


@pytest.fixture
def fee():
    with testing.fees() as fees:
        yield fees


@pytest.fixture
def payment(db, fee) -> Payment:
    alice = User.objects.create_user(username="alice", email="alice@example.org", password=PASSWORD)
    return services.start(
        purpose=testing.FEE, object_id="cantine", user=alice, provider=TestProvider()
    )


@pytest.fixture(autouse=True)
def no_events_yet():
    testing.received.clear()


def settled_events() -> int:
    return OutboxEvent.objects.filter(name="core.payment_settled").count()


def test_it_marks_the_payment_paid_and_publishes_the_event_once(client, payment, on_commit):
    with on_commit():
        response = client.post(NOTIFY, testing.notification(payment))
    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert payment.transaction_id == f"TX-{payment.pk}"
    assert payment.paid_at is not None
    assert settled_events() == 1
    assert [e.reference for e in testing.received] == [payment.reference]
    assert testing.received[0].amount_cents == 4250
    assert testing.received[0].purpose == testing.FEE
    assert testing.received[0].object_id == "cantine"
    assert EventDelivery.objects.get(subscriber__endswith="record_settled").state == "done"


def test_it_pays_once_when_the_notification_comes_again(client, payment, on_commit):
    fields = testing.notification(payment)
    with on_commit():
        first = client.post(NOTIFY, fields)
    payment.refresh_from_db()
    paid_at = payment.paid_at
    with on_commit():
        again = [client.post(NOTIFY, fields) for _ in range(3)]
    assert first.status_code == 200
    assert [r.status_code for r in again] == [200, 200, 200]
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert payment.paid_at == paid_at
    assert settled_events() == 1
    assert len(testing.received) == 1
    steps = list(payment.trail.values_list("step", flat=True))
    assert steps == ["created", "paid", "repeated", "repeated", "repeated"]


def test_a_refusal_after_payment_changes_nothing(client, payment, on_commit):
    with on_commit():
        client.post(NOTIFY, testing.notification(payment))
        late = client.post(NOTIFY, testing.notification(payment, "refused"))
    assert late.status_code == 200
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert payment.trail.last().step == PaymentTrailEntry.Step.LATE
    assert settled_events() == 1


def test_a_late_payment_after_cancellation_changes_nothing_and_is_logged(
    client, payment, on_commit, caplog
):
    client.post(NOTIFY, testing.notification(payment, "cancelled"))
    with on_commit(), caplog.at_level(logging.ERROR, logger="massalia.core.payments"):
        late = client.post(NOTIFY, testing.notification(payment, "paid", transaction="TX-late"))
    assert late.status_code == 200
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CANCELLED
    assert payment.transaction_id == f"TX-{payment.pk}"
    assert payment.paid_at is None
    assert settled_events() == 0
    assert any("to reconcile" in r.getMessage() for r in caplog.records)


def test_a_notification_after_expiry_expires_the_payment_and_pays_nothing(
    client, payment, settings, on_commit
):
    Payment.objects.filter(pk=payment.pk).update(
        created_at=payment.created_at - timedelta(minutes=settings.PAYMENT_EXPIRY_MINUTES + 1)
    )
    with on_commit():
        response = client.post(NOTIFY, testing.notification(payment))
    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.status == Payment.Status.EXPIRED
    assert list(payment.trail.values_list("step", flat=True)) == ["created", "expired", "late"]
    assert settled_events() == 0


def test_the_sweep_expires_stale_payments_only(payment, fee, settings):
    fresh = services.start(
        purpose=testing.FEE, object_id="piscine", user=payment.started_by, provider=TestProvider()
    )
    Payment.objects.filter(pk=payment.pk).update(
        created_at=payment.created_at - timedelta(minutes=settings.PAYMENT_EXPIRY_MINUTES + 1)
    )
    assert services.expire_stale() == 1
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.EXPIRED
    assert Payment.objects.get(pk=fresh.pk).status == Payment.Status.PENDING


@pytest.mark.parametrize(
    ("tamper", "status"),
    [
        # The amount changed after signing: the signature no longer matches.
        (lambda f: {**f, "amount": "1"}, 403),
        (lambda f: {**f, "result": "paid", "signature": "0" * 64}, 403),
        (lambda f: {**f, "signature": f["signature"].upper()}, 403),
        (lambda f: {k: v for k, v in f.items() if k != "signature"}, 400),
    ],
    ids=["amount-changed", "made-up-signature", "signature-altered", "no-signature"],
)
def test_it_refuses_a_forged_notification_and_logs_it(
    client, payment, on_commit, caplog, tamper, status
):
    with on_commit(), caplog.at_level(logging.WARNING, logger=SECURITY):
        response = client.post(NOTIFY, tamper(testing.notification(payment)))
    assert response.status_code == status
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert payment.trail.count() == 1
    assert settled_events() == 0
    refusals = [r for r in caplog.records if r.name == SECURITY]
    assert len(refusals) == 1
    assert "payment notification refused" in refusals[0].getMessage()
    assert payment.reference in refusals[0].getMessage()


def test_it_refuses_a_signed_notification_for_another_amount(client, payment, caplog):
    with caplog.at_level(logging.WARNING, logger=SECURITY):
        response = client.post(NOTIFY, testing.notification(payment, amount=1))
    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert "amount 1 for a payment of 4250" in caplog.text


def test_it_refuses_a_notification_signed_with_another_key(client, payment, settings):
    fields = testing.notification(payment)
    settings.PAYMENT_SECRET = "une-autre-cle"
    assert signature(fields) != fields["signature"]
    assert client.post(NOTIFY, fields).status_code == 403
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({}, 400),
        ({"reference": "X", "amount": "", "result": "paid", "transaction": "T"}, 400),
        ({"reference": "INCONNUE", "amount": "100", "result": "paid", "transaction": "T"}, 404),
        ({"reference": "X", "amount": "douze", "result": "paid", "transaction": "T"}, 400),
        ({"reference": "X", "amount": "-5", "result": "paid", "transaction": "T"}, 400),
        ({"reference": "X", "amount": "١٢", "result": "paid", "transaction": "T"}, 400),
        ({"reference": "X", "amount": "100", "result": "gagné", "transaction": "T"}, 400),
        ({"reference": "X" * 5000, "amount": "9" * 400, "result": "paid", "transaction": "T"}, 404),
    ],
    ids=[
        "empty",
        "missing-amount",
        "unknown-reference",
        "words",
        "negative",
        "arabic-digits",
        "unknown-result",
        "huge",
    ],
)
def test_it_answers_garbage_with_a_4xx(client, db, fields, status):
    signed = {**fields, "signature": signature(fields)} if fields.get("amount") else fields
    response = client.post(NOTIFY, signed)
    assert response.status_code == status
    assert not Payment.objects.exists()


def test_it_refuses_another_method_and_an_unknown_provider(client, payment):
    assert client.get(NOTIFY).status_code == 405
    other = reverse("payments:notify", args=["payfip"])
    assert client.post(other, testing.notification(payment)).status_code == 404
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


def test_a_refused_payment_is_closed_without_event(client, payment, on_commit):
    with on_commit():
        response = client.post(NOTIFY, testing.notification(payment, "refused"))
    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUSED
    assert payment.paid_at is None
    assert settled_events() == 0
