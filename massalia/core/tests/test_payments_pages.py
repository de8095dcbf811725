"""The payment pages: starting a payment, the receipt (only for the payer and the treasury),
the test bank's bad input, the treasury's export and admin."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.admin.sites import AdminSite
from django.contrib.auth.models import Permission
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from massalia.accounts.models import User
from massalia.core.payments import services, testing
from massalia.core.payments.admin import PaymentAdmin
from massalia.core.payments.models import Payment
from massalia.core.payments.providers import TestProvider
from massalia.testing import PASSWORD

START = reverse("payments:start")
NOTIFY = reverse("payments:notify", args=["test"])
EXPORT = reverse("payments:export")


def person(username: str, **extra) -> User:
    return User.objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, **extra
    )


@pytest.fixture
def fee():
    with testing.fees() as fees:
        yield fees


@pytest.fixture
def people(db) -> dict[str, User]:
    treasurer = person("tresorier", is_staff=True)
    treasurer.user_permissions.add(Permission.objects.get(codename="view_payment"))
    return {
        "alice": person("alice"),
        "mallory": person("mallory"),
        "agent": person("agent", is_staff=True),
        "tresorier": treasurer,
        "root": User.objects.create_superuser(
            username="root", email="root@example.org", password=PASSWORD
        ),
    }


def start(client, user: User, object_id: str = "cantine", **extra) -> HttpResponse:
    client.force_login(user)
    return client.post(START, {"purpose": testing.FEE, "object": object_id, **extra})


# Starting ---------------------------------------------------------------------------------------


def test_it_takes_the_amount_from_the_domain_not_the_browser(client, people, fee):
    response = start(client, people["alice"], amount="1", amount_cents="1")
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert payment.amount_cents == 4250
    assert payment.label == "Frais de cantine"
    assert payment.started_by == people["alice"]
    assert payment.provider == "test"
    assert payment.currency == "EUR"
    assert len(payment.reference) == 24
    location = urlsplit(response["Location"])
    assert location.path == reverse("payments:test_bank", args=[payment.reference])
    assert "ordre" in parse_qs(location.query)


def test_pressing_pay_twice_sends_the_same_payment(client, people, fee):
    start(client, people["alice"])
    start(client, people["alice"])
    assert Payment.objects.count() == 1


def test_a_new_amount_replaces_the_pending_payment(client, people, fee):
    start(client, people["alice"])
    fee.amounts["cantine"] = 5000
    start(client, people["alice"])
    first, second = Payment.objects.order_by("id")
    assert first.status == Payment.Status.CANCELLED
    assert (second.status, second.amount_cents) == (Payment.Status.PENDING, 5000)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"purpose": testing.FEE, "object": "inconnu"}, "Ces frais n&#x27;existent pas."),
        ({"purpose": "autre.chose", "object": "1"}, "Ce type de paiement n&#x27;existe pas."),
        ({}, "Ce type de paiement n&#x27;existe pas."),
        ({"purpose": testing.FEE, "object": "x" * 10_000}, "Ces frais n&#x27;existent pas."),
    ],
    ids=["unknown-object", "unknown-purpose", "nothing", "huge"],
)
def test_it_refuses_what_cannot_be_paid_with_a_message(client, people, fee, data, message):
    client.force_login(people["alice"])
    response = client.post(START, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Payment.objects.exists()


def test_it_refuses_to_pay_twice_what_the_domain_says_is_paid(client, people, fee):
    fee.settled.add("cantine")
    response = start(client, people["alice"])
    assert response.status_code == 400
    assert "déjà payés" in response.content.decode()


def test_starting_needs_a_session_and_a_post(client, people, fee):
    response = client.post(START, {"purpose": testing.FEE, "object": "cantine"})
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("accounts:login")
    client.force_login(people["alice"])
    assert client.get(START).status_code == 405
    assert not Payment.objects.exists()


# The receipt ------------------------------------------------------------------------------------


@pytest.fixture
def paid(client, people, fee) -> Payment:
    payment = services.start(
        purpose=testing.FEE, object_id="cantine", user=people["alice"], provider=TestProvider()
    )
    assert client.post(NOTIFY, testing.notification(payment)).status_code == 200
    payment.refresh_from_db()
    return payment


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 200), ("mallory", 404), ("agent", 404), ("tresorier", 200), ("root", 200)],
)
def test_only_the_payer_and_the_treasury_see_the_receipt(client, people, paid, who, status):
    client.force_login(people[who])
    response = client.get(reverse("payments:receipt", args=[paid.reference]))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "Reçu de paiement" in page
        assert paid.reference in page
        assert "42,50\u00a0€" in page
        assert "Frais de cantine" in page


def test_the_receipt_needs_a_session(client, paid):
    response = client.get(reverse("payments:receipt", args=[paid.reference]))
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("accounts:login")


def test_an_unknown_reference_has_no_receipt(client, people):
    client.force_login(people["root"])
    assert client.get(reverse("payments:receipt", args=["INCONNUE"])).status_code == 404


def test_a_pending_payment_says_it_waits_for_the_provider(client, people, fee):
    response = start(client, people["alice"])
    payment = Payment.objects.get()
    page = client.get(reverse("payments:receipt", args=[payment.reference])).content.decode()
    assert response.status_code == 302
    assert "Paiement en cours de confirmation" in page
    assert "Reçu de paiement" not in page


# The test bank ----------------------------------------------------------------------------------


def bank_url(client, people) -> str:
    return start(client, people["alice"])["Location"]


@pytest.mark.parametrize(
    "change",
    [
        lambda url: url.split("?")[0],
        lambda url: url + "x",
        lambda url: url.replace("/paiement/test/", "/paiement/test/A"),
    ],
    ids=["no-order", "order-altered", "other-reference"],
)
def test_the_bank_refuses_an_altered_order(client, people, fee, change):
    response = client.get(change(bank_url(client, people)))
    assert response.status_code == 400
    assert "Ordre de paiement non valide" in response.content.decode()


def test_the_bank_refuses_an_unknown_choice(client, people, fee):
    url = bank_url(client, people)
    token = parse_qs(urlsplit(url).query)["ordre"][0]
    response = client.post(urlsplit(url).path, {"ordre": token, "gagner": ""})
    assert response.status_code == 400
    assert Payment.objects.get().status == Payment.Status.PENDING


def test_the_bank_is_closed_when_another_provider_is_used(client, people, fee, settings):
    url = bank_url(client, people)
    settings.PAYMENT_PROVIDERS = {**settings.PAYMENT_PROVIDERS, "payfip": "x.Y"}
    settings.PAYMENT_PROVIDER = "payfip"
    assert client.get(url).status_code == 404


# The treasury -----------------------------------------------------------------------------------


def test_the_treasury_exports_paid_payments_as_csv(client, people, paid, fee):
    services.start(  # pending: not in the export
        purpose=testing.FEE, object_id="piscine", user=people["alice"], provider=TestProvider()
    )
    client.force_login(people["tresorier"])
    response = client.get(EXPORT)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Référence", "Payé le", "Montant (€)"]
    assert len(rows) == 2
    assert rows[1][0] == paid.reference
    assert rows[1][2] == "42,50"
    assert rows[1][8] == f"TX-{paid.pk}"


def test_the_export_filters_by_date_and_refuses_bad_dates(client, people, paid):
    client.force_login(people["root"])
    today = paid.paid_at.date().isoformat()
    kept = b"".join(client.get(EXPORT, {"du": today, "au": today}).streaming_content)
    assert paid.reference.encode() in kept
    none = b"".join(client.get(EXPORT, {"du": "2000-01-01", "au": "2000-01-02"}).streaming_content)
    assert paid.reference.encode() not in none
    assert client.get(EXPORT, {"du": "hier"}).status_code == 400
    assert client.get(EXPORT, {"au": "2027-13-45"}).status_code == 400


@pytest.mark.parametrize(("who", "status"), [("alice", 403), ("agent", 403), ("tresorier", 200)])
def test_only_the_treasury_exports(client, people, who, status):
    client.force_login(people[who])
    assert client.get(EXPORT).status_code == status


def test_the_admin_shows_payments_and_changes_none(people, paid):
    admin = PaymentAdmin(Payment, AdminSite())
    request = RequestFactory().get("/")
    request.user = people["root"]
    assert admin.has_view_permission(request, paid)
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request, paid)
    assert not admin.has_delete_permission(request, paid)
    assert admin.amount(paid) == "42,50\u00a0€"


def test_a_person_finds_their_payments_in_their_data_and_the_treasury_keeps_them(people, paid):
    from massalia.core.payments.privacy import PERSONAL_DATA

    exported = PERSONAL_DATA.exported(people["alice"])
    assert [p["reference"] for p in exported["payments"]] == [paid.reference]
    assert PERSONAL_DATA.exported(people["mallory"]) == {"payments": []}
    assert PERSONAL_DATA.erase(people["alice"]) == {"unlinked_payments": 1}
    paid.refresh_from_db()
    assert paid.started_by is None
    assert paid.status == Payment.Status.PAID


def test_two_starts_at_the_same_moment_make_one_payment(people, fee, monkeypatch):
    """The second start does not see the first's pending payment (it was not committed when it
    looked): the database's one-pending-payment rule makes it send that one instead."""
    first = services.start(
        purpose=testing.FEE, object_id="cantine", user=people["alice"], provider=TestProvider()
    )
    monkeypatch.setattr(services, "_same", lambda *args: False)
    monkeypatch.setattr(services, "_close", lambda *args, **kwargs: None)  # missed it
    second = services.start(
        purpose=testing.FEE, object_id="cantine", user=people["alice"], provider=TestProvider()
    )
    assert second.pk == first.pk
    assert Payment.objects.count() == 1
