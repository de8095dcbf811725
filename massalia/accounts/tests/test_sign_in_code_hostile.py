"""Signing in by code: bad input is a 400 with a French message, floods a 429, nothing stored."""

import pytest
from django.core import mail
from django.urls import reverse

from massalia.accounts.models import SignInCode

ASK = reverse("accounts:code_request")
ENTER = reverse("accounts:code_enter")


def _text(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Indiquez l'adresse email de votre compte."),
        ({"email": "pas-une-adresse"}, "Saisissez une adresse email valide"),
        ({"email": "x" * 300 + "@example.org"}, "254 caractères"),
        ({"email": "alice@example.org\x00"}, "Saisissez une adresse email valide"),
    ],
)
def test_it_says_what_is_wrong_with_a_bad_address(client, city, data, message):
    response = client.post(ASK, data)
    assert response.status_code == 400
    assert message in _text(response)
    assert not SignInCode.objects.exists() and mail.outbox == []


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Saisissez le code reçu par courriel."),
        ("12345", "Le code se compose de 6 chiffres"),
        ("abcdef", "Le code se compose de 6 chiffres"),
        ("١٢٣٤٥٦", "Le code se compose de 6 chiffres"),  # Arabic-Indic digits
        ("1" * 500, "Le code se compose de 6 chiffres"),
        ("123456' OR '1'='1", "Le code se compose de 6 chiffres"),
    ],
)
def test_it_refuses_a_malformed_code_in_french(client, city, code, message):
    response = client.post(ENTER, {"email": "alice@example.org", "code": code})
    assert response.status_code == 400
    assert message in _text(response)


def test_it_limits_codes_asked_for_one_address(client, city, on_commit, limits):
    for _ in range(3):
        with on_commit():
            assert client.post(ASK, {"email": "alice@example.org"}).status_code == 302
    with on_commit():
        refused = client.post(ASK, {"email": "Alice@example.org"})
    assert refused.status_code == 429 and refused.has_header("Retry-After")
    assert len(mail.outbox) == 3


def test_it_limits_codes_asked_from_one_client(client, city, on_commit, limits):
    with on_commit():
        answers = [client.post(ASK, {"email": f"p{i}@example.org"}).status_code for i in range(11)]
    assert answers == [302] * 10 + [429]


def test_it_locks_a_client_out_after_ten_wrong_codes(client, city, limits):
    answers = [
        client.post(ENTER, {"email": f"p{i}@example.org", "code": "123456"}).status_code
        for i in range(11)
    ]
    assert answers == [400] * 10 + [429]


@pytest.mark.parametrize("method", ["put", "delete"])
def test_it_refuses_other_methods(client, db, method):
    assert getattr(client, method)(ASK).status_code == 405
    assert getattr(client, method)(ENTER).status_code == 405
