"""A payment through the test provider, end to end over real HTTP: the domain's "Payer" button
→ the provider's page → "Payer" → the provider's server-to-server notification → the receipt.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
import requests
from django.test import Client

from massalia.accounts.models import User
from massalia.core.models import OutboxEvent
from massalia.core.payments import testing
from massalia.core.payments.models import Payment
from massalia.testing import PASSWORD

CSRF = "c" * 32  # an unmasked secret is a valid token, in the cookie as in the form
TIMEOUT = 20


@pytest.fixture
def fee():
    testing.received.clear()
    with testing.fees() as fees:
        yield fees


def signed_in(live_server, username: str) -> requests.Session:
    """A browser-like HTTP session of `username` against the live server."""
    user = User.objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD
    )
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value)
    session.cookies.set("csrftoken", CSRF)
    return session


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden field {name}"
    return unescape(match.group(1))


def to_the_bank(live_server, session: requests.Session) -> requests.Response:
    """Press the domain's "Payer" button: the provider's page."""
    started = session.post(
        f"{live_server.url}/paiement/payer/",
        data={"csrfmiddlewaretoken": CSRF, "purpose": testing.FEE, "object": "cantine"},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert started.status_code == 302, started.text
    bank_url = started.headers["Location"]
    assert bank_url.startswith("/paiement/test/")
    bank = session.get(f"{live_server.url}{bank_url}", timeout=TIMEOUT)
    assert bank.status_code == 200
    assert "Prestataire de test — aucun paiement réel" in bank.text
    assert "42,50\u00a0€" in bank.text
    assert 'name="paid"' in bank.text and 'name="refused"' in bank.text
    return bank


def choose(session: requests.Session, bank: requests.Response, choice: str) -> requests.Response:
    """Press `choice` on the provider's page; the page it sends the person back to."""
    answered = session.post(
        bank.url,
        data={
            "csrfmiddlewaretoken": hidden(bank.text, "csrfmiddlewaretoken"),
            "ordre": hidden(bank.text, "ordre"),
            choice: "",  # the button pressed
        },
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert answered.status_code == 303
    back = session.get(answered.headers["Location"], timeout=TIMEOUT)
    assert back.status_code == 200
    return back


def pay(live_server, session: requests.Session, choice: str) -> requests.Response:
    return choose(session, to_the_bank(live_server, session), choice)


def test_a_citizen_pays_through_the_test_provider(live_server, transactional_db, fee):
    alice = signed_in(live_server, "alice")
    receipt = pay(live_server, alice, "paid")
    payment = Payment.objects.get()
    # The provider's notification reached the server over HTTP before the person came back.
    assert payment.status == Payment.Status.PAID
    assert payment.transaction_id.startswith("TEST-")
    assert receipt.url.endswith(f"/paiement/recu/{payment.reference}/")
    assert "Reçu de paiement" in receipt.text
    assert payment.reference in receipt.text
    assert "42,50\u00a0€" in receipt.text
    assert "Frais de cantine" in receipt.text
    assert 'href="/frais/cantine/"' in receipt.text
    assert OutboxEvent.objects.filter(name="core.payment_settled").count() == 1
    assert [e.reference for e in testing.received] == [payment.reference]
    steps = list(payment.trail.values_list("step", flat=True))
    assert steps == ["created", "sent", "paid"]


def test_paying_twice_on_the_bank_page_pays_once(live_server, transactional_db, fee):
    alice = signed_in(live_server, "alice")
    bank = to_the_bank(live_server, alice)
    choose(alice, bank, "paid")
    # Back in the browser's history, "Payer" again: the bank notifies the same transaction.
    again = choose(alice, bank, "paid")
    assert "Reçu de paiement" in again.text
    payment = Payment.objects.get()
    assert payment.status == Payment.Status.PAID
    assert list(payment.trail.values_list("step", flat=True)) == [
        "created",
        "sent",
        "paid",
        "repeated",
    ]
    assert OutboxEvent.objects.filter(name="core.payment_settled").count() == 1
    assert len(testing.received) == 1


def test_refusing_after_paying_on_the_bank_page_changes_nothing(live_server, transactional_db, fee):
    alice = signed_in(live_server, "alice")
    bank = to_the_bank(live_server, alice)
    choose(alice, bank, "paid")
    page = choose(alice, bank, "refused")
    assert "Reçu de paiement" in page.text
    assert Payment.objects.get().status == Payment.Status.PAID


def test_a_refused_payment_comes_back_as_refused(live_server, transactional_db, fee):
    alice = signed_in(live_server, "alice")
    page = pay(live_server, alice, "refused")
    payment = Payment.objects.get()
    assert payment.status == Payment.Status.REFUSED
    assert "Paiement refusé" in page.text
    assert "aucun montant n'a été débité" in page.text
    assert OutboxEvent.objects.filter(name="core.payment_settled").count() == 0
    assert testing.received == []
