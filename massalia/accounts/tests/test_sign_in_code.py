"""Signing in by an emailed code: ask by address, type the six digits, land by role."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from massalia.accounts import codes, services
from massalia.accounts.models import SignInCode, User

ASK = reverse("accounts:code_request")
ENTER = reverse("accounts:code_enter")


def _ask(client, on_commit, email: str, **extra):
    with on_commit():
        return client.post(ASK, {"email": email, **extra})


def _code() -> str:
    message = mail.outbox[-1]
    found = re.search(r"^(\d{6})$", str(message.body), re.MULTILINE)
    assert found, message.body
    return found.group(1)


def _enter(client, email: str, code: str, **extra):
    return client.post(ENTER, {"email": email, "code": code, **extra})


def _signed_in_as(client) -> str | None:
    user = client.get(reverse("accounts:my_account")).context
    return user["user"].username if user and user["user"].is_authenticated else None


def test_it_signs_a_citizen_in_with_the_emailed_code(client, city, on_commit):
    asked = _ask(client, on_commit, "Alice@Example.org")
    assert asked.status_code == 302 and asked["Location"] == ENTER
    (message,) = mail.outbox
    assert message.to == ["alice@example.org"]
    assert "code de connexion" in message.subject
    assert "10 minutes" in message.body and ENTER in message.body
    page = client.get(ENTER).content.decode()
    assert 'value="Alice@Example.org"' in page  # the address is filled in

    answer = _enter(client, "alice@example.org", _code())
    assert answer.status_code == 302
    assert answer["Location"] == "/mes-demandes/"
    assert _signed_in_as(client) == "alice"


@pytest.mark.parametrize(("who", "landing"), [("bob", "/agents/"), ("olga", "/barometre/")])
def test_it_lands_where_the_role_says(client, city, on_commit, who, landing):
    _ask(client, on_commit, f"{who}@example.org")
    answer = _enter(client, f"{who}@example.org", _code())
    assert answer["Location"] == landing


def test_it_goes_back_to_the_page_asked_for_only_if_it_is_ours(client, city, on_commit):
    asked = _ask(client, on_commit, "alice@example.org", next="/carte/")
    assert asked["Location"] == ENTER + "?next=%2Fcarte%2F"
    assert _enter(client, "alice@example.org", _code(), next="/carte/")["Location"] == "/carte/"
    client.logout()
    _ask(client, on_commit, "alice@example.org")
    outside = _enter(client, "alice@example.org", _code(), next="https://ailleurs.example/")
    assert outside["Location"] == "/mes-demandes/"


def test_it_keeps_only_a_keyed_hash_of_the_code(client, city, on_commit):
    _ask(client, on_commit, "alice@example.org")
    code = _code()
    (row,) = SignInCode.objects.all()
    assert code not in row.code_hash and len(row.code_hash) == 64
    assert row.code_hash == codes.digest(user_id=row.user_id, code=code)
    assert codes.digest(user_id=row.user_id + 1, code=code) != row.code_hash
    assert row.expires_at - row.created_at == timedelta(minutes=codes.VALID_MINUTES)


def test_it_refuses_a_code_used_twice(client, city, on_commit):
    _ask(client, on_commit, "alice@example.org")
    code = _code()
    assert _enter(client, "alice@example.org", code).status_code == 302
    client.logout()
    again = _enter(client, "alice@example.org", code)
    assert again.status_code == 400
    assert "Ce code a déjà servi" in again.content.decode().replace("&#x27;", "'")
    assert _signed_in_as(client) is None


def test_it_refuses_an_expired_code(client, city, on_commit):
    _ask(client, on_commit, "alice@example.org")
    SignInCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    late = _enter(client, "alice@example.org", _code())
    assert late.status_code == 400
    assert "Ce code a expiré" in late.content.decode()
    assert _signed_in_as(client) is None


def test_it_voids_a_code_after_five_wrong_tries(client, city, on_commit):
    _ask(client, on_commit, "alice@example.org")
    code = _code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(codes.MAX_TRIES):
        refused = _enter(client, "alice@example.org", wrong)
        assert refused.status_code == 400
        assert "n'est pas le bon" in refused.content.decode().replace("&#x27;", "'")
    assert SignInCode.objects.get().failed_attempts == codes.MAX_TRIES
    void = _enter(client, "alice@example.org", code)  # even the right one now
    assert void.status_code == 400
    assert "après 5 essais erronés" in void.content.decode()
    assert _signed_in_as(client) is None


def test_a_new_code_replaces_the_one_not_used(client, city, on_commit):
    _ask(client, on_commit, "alice@example.org")
    first = _code()
    _ask(client, on_commit, "alice@example.org")
    second = _code()
    assert SignInCode.objects.count() == 1
    if first != second:
        assert _enter(client, "alice@example.org", first).status_code == 400
    assert _enter(client, "alice@example.org", second).status_code == 302


def test_it_answers_the_same_for_an_unknown_address(client, city, on_commit):
    known = _ask(client, on_commit, "alice@example.org")
    mail.outbox.clear()
    unknown = _ask(client, on_commit, "personne@example.org")
    assert mail.outbox == [] and not SignInCode.objects.exclude(user__username="alice").exists()
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    page = client.get(ENTER).content.decode()
    assert "Si un compte existe" in page
    guessed = _enter(client, "personne@example.org", "123456")
    wrong = _enter(client, "alice@example.org", "123456" if _code != "123456" else "654321")
    assert guessed.status_code == wrong.status_code == 400
    message = "Ce code n&#x27;est pas le bon pour cette adresse."
    assert message in guessed.content.decode() and message in wrong.content.decode()


@pytest.mark.parametrize(
    "change",
    [
        {"is_active": False},
        {"email_verified_at": None},
    ],
    ids=["inactive", "unverified"],
)
def test_it_sends_no_code_to_an_inactive_account_or_an_unverified_address(
    client, city, on_commit, change
):
    User.objects.filter(username="alice").update(**change)
    asked = _ask(client, on_commit, "alice@example.org")
    assert asked.status_code == 302 and mail.outbox == []
    assert not SignInCode.objects.exists()


def test_a_code_stops_serving_once_the_account_is_deactivated(client, city, on_commit):
    _ask(client, on_commit, "alice@example.org")
    User.objects.filter(username="alice").update(is_active=False)
    refused = _enter(client, "alice@example.org", _code())
    assert refused.status_code == 400
    assert _signed_in_as(client) is None


def test_the_service_tells_each_outcome(city):
    alice = city.people["alice"]
    services.send_sign_in_code(user=alice)
    code = _code()
    assert services.use_sign_in_code(email="nobody@example.org", code=code).result is (
        services.CodeCheck.WRONG
    )
    ok = services.use_sign_in_code(email="ALICE@example.org", code=code)
    assert ok.result is services.CodeCheck.ACCEPTED and ok.user == alice
    assert services.use_sign_in_code(email="alice@example.org", code=code).result is (
        services.CodeCheck.USED
    )


def test_the_login_page_offers_a_code(client, city):
    page = client.get(reverse("accounts:login") + "?next=/carte/").content.decode()
    assert "Recevoir un code par courriel" in page
    assert ASK + "?next=/carte/" in page
