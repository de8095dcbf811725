"""The holder links a card by its number, reads its products, purse and movements, tops it up
through the payment module and declares it lost; nobody else opens it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from massalia.citycard import services
from massalia.citycard.models import Card, Product, TopUp
from massalia.citycard.tests.conftest import card_with_purse, monthly_pass, number
from massalia.core.payments import testing
from massalia.core.payments.models import Payment

pytestmark = pytest.mark.django_db
NOTIFY = reverse("payments:notify", args=["test"])


@pytest.fixture
def alice(city):
    return city.people["alice"]


def test_it_links_an_anonymous_card_typed_with_spaces(client, alice):
    card = services.issue_card(number=number(1))
    client.force_login(alice)
    typed = " ".join(number(1)[i : i + 4] for i in range(0, 16, 4))
    answer = client.post(reverse("citycard:my_cards"), {"number": typed})
    assert answer.status_code == 302
    card.refresh_from_db()
    assert card.holder == alice and not card.anonymous


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1234", "Le numéro de carte compte 16 chiffres."),
        (number(1)[:-1] + str((int(number(1)[-1]) + 1) % 10), "n&#x27;est pas valide"),
        (number(5), "Aucune carte ne porte ce numéro."),
    ],
)
def test_a_wrong_number_is_a_400_saying_why(client, alice, typed, message):
    services.issue_card(number=number(1))
    client.force_login(alice)
    answer = client.post(reverse("citycard:my_cards"), {"number": typed})
    assert answer.status_code == 400
    assert message in answer.content.decode()


def test_someone_elses_card_cannot_be_linked_nor_opened(client, alice, city):
    card = services.issue_card(number=number(1), holder=city.people["erin"])
    client.force_login(alice)
    answer = client.post(reverse("citycard:my_cards"), {"number": number(1)})
    assert answer.status_code == 400
    assert "au nom d&#x27;une autre personne" in answer.content.decode()
    assert client.get(reverse("citycard:card", args=[card.pk])).status_code == 404


def test_the_card_page_shows_products_balance_and_movements(client, alice, bus):
    card = card_with_purse(1, 1000, holder=alice)
    monthly_pass(card)
    services.add_product(
        card=card,
        kind=Product.Kind.FACILITY,
        label="Piscines 10 entrées",
        facility="pool",
        entries=10,
    )
    card.products.filter(kind="pass").delete()
    services.tap(device=bus, number=number(1), at=timezone.now())
    client.force_login(alice)
    page = client.get(reverse("citycard:card", args=[card.pk])).content.decode()
    assert "8,30\u00a0€" in page
    assert "Piscines 10 entrées" in page and "10 entrées restantes" in page
    assert "Trajet en transport" in page and "−1,70\u00a0€" in page
    assert "Joliette" not in page  # where the card was used is not the ledger's


def test_a_top_up_is_paid_online_and_credited_once(client, alice, on_commit):
    card = card_with_purse(1, 0, holder=alice)
    client.force_login(alice)
    confirm = client.post(reverse("citycard:topup", args=[card.pk]), {"amount": "2000"})
    assert confirm.status_code == 200 and "20,00\u00a0€" in confirm.content.decode()
    topup = TopUp.objects.get()
    sent = client.post(
        reverse("payments:start"), {"purpose": "citycard.topup", "object": str(topup.pk)}
    )
    assert sent.status_code == 302 and "/paiement/test/" in sent["Location"]
    payment = Payment.objects.get(purpose="citycard.topup")
    assert payment.amount_cents == 2000
    for _ in range(2):  # the provider notifies twice: one credit
        with on_commit():
            assert client.post(NOTIFY, testing.notification(payment)).status_code == 200
    card.account.refresh_from_db()
    assert card.account.balance_cents == 2000
    page = client.get(reverse("citycard:card", args=[card.pk])).content.decode()
    assert "Rechargement en ligne" in page and "20,00\u00a0€" in page
    refused = client.post(
        reverse("payments:start"), {"purpose": "citycard.topup", "object": str(topup.pk)}
    )
    assert refused.status_code == 400  # already paid


def test_a_top_up_amount_comes_from_the_choices_only(client, alice):
    card = card_with_purse(1, 0, holder=alice)
    client.force_login(alice)
    answer = client.post(reverse("citycard:topup", args=[card.pk]), {"amount": "1"})
    assert answer.status_code == 400
    assert not TopUp.objects.exists()


def test_someone_else_cannot_pay_a_top_up_of_alices_card(client, alice, city):
    card = card_with_purse(1, 0, holder=alice)
    topup = services.request_topup(card=card, amount_cents=1000, user=alice)
    client.force_login(city.people["erin"])
    answer = client.post(
        reverse("payments:start"), {"purpose": "citycard.topup", "object": str(topup.pk)}
    )
    assert answer.status_code == 400
    assert not Payment.objects.exists()


def test_declaring_a_loss_blocks_the_card(client, alice, bus):
    card = card_with_purse(1, 1000, holder=alice)
    client.force_login(alice)
    assert client.get(reverse("citycard:loss", args=[card.pk])).status_code == 200
    assert client.post(reverse("citycard:loss", args=[card.pk])).status_code == 302
    card.refresh_from_db()
    assert card.status == Card.Status.LOST
    assert services.tap(device=bus, number=number(1), at=timezone.now()).reason == "card_blocked"
    assert (
        client.post(reverse("citycard:topup", args=[card.pk]), {"amount": "1000"}).status_code
        == 400
    )


def test_the_pages_need_a_signed_in_person(client):
    answer = client.get(reverse("citycard:my_cards"))
    assert answer.status_code == 302 and "/compte/" in answer["Location"]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_pages_speak_english_and_arabic(client, alice, language):
    card = card_with_purse(1, 500, holder=alice)
    client.force_login(alice)
    client.cookies["django_language"] = language
    page = client.get(reverse("citycard:card", args=[card.pk])).content.decode()
    assert "Solde du porte-monnaie" not in page
