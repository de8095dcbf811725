"""Forgotten password: ask by address, get a single-use link that expires, choose a new one."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from massalia.accounts import tokens
from massalia.accounts.models import User
from massalia.testing import PASSWORD

NEW = "un-nouveau-mot-de-passe-9"
ASK = reverse("accounts:password_reset")


def _ask(client, on_commit, email: str):
    with on_commit():
        return client.post(ASK, {"email": email})


def _link() -> str:
    (message,) = mail.outbox
    found = re.search(r"https?://[^/\s]+(/compte/mot-de-passe/[^\s]+/)", str(message.body))
    assert found, message.body
    return found.group(1)


def _choose(client, link: str, password: str = NEW, confirm: str | None = None):
    form_page = client.get(link)
    assert form_page.status_code == 302  # the token moves to the session
    return client.post(
        form_page["Location"], {"new_password1": password, "new_password2": confirm or password}
    )


def _signs_in(client, password: str) -> bool:
    client.logout()
    answer = client.post(
        reverse("accounts:login"), {"username": "alice@example.org", "password": password}
    )
    return answer.status_code == 302


def test_it_resets_a_forgotten_password_end_to_end(client, city, on_commit):
    response = _ask(client, on_commit, "Alice@Example.org")
    assert response["Location"] == reverse("accounts:password_reset_done")
    (message,) = mail.outbox
    assert message.to == ["alice@example.org"]
    assert "nouveau mot de passe" in message.subject

    done = _choose(client, _link())
    assert done["Location"] == reverse("accounts:password_reset_complete")
    assert _signs_in(client, NEW)
    assert not _signs_in(client, PASSWORD)


def test_it_refuses_a_link_used_twice(client, city, on_commit):
    _ask(client, on_commit, "alice@example.org")
    link = _link()
    _choose(client, link)
    again = client.get(link, follow=True)
    assert again.status_code == 404
    assert "a déjà servi, a expiré" in again.content.decode()
    assert _signs_in(client, NEW)


def test_it_refuses_an_expired_link(client, city, on_commit, monkeypatch):
    _ask(client, on_commit, "alice@example.org")
    link = _link()
    later = tokens.reset_tokens._now() + timedelta(hours=tokens.RESET_LINK_HOURS, minutes=1)
    monkeypatch.setattr(tokens.reset_tokens, "_now", lambda: later)
    assert client.get(link, follow=True).status_code == 404
    assert _signs_in(client, PASSWORD)


def test_it_refuses_an_altered_link(client, city, on_commit):
    _ask(client, on_commit, "alice@example.org")
    link = _link()
    altered = link[:-3] + ("a" if link[-3] != "a" else "b") + link[-2:]
    assert client.get(altered, follow=True).status_code == 404
    bad_uid = reverse("accounts:password_reset_confirm", args=["9999999999999999999", "x-y"])
    assert client.get(bad_uid).status_code == 404


def test_it_answers_the_same_for_an_unknown_address(client, city, on_commit):
    known = _ask(client, on_commit, "alice@example.org")
    mail.outbox.clear()
    unknown = _ask(client, on_commit, "personne@example.org")
    assert mail.outbox == []
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    client.session.flush()
    page = client.get(reverse("accounts:password_reset_done")).content.decode()
    assert "Si un compte existe" in page


def test_it_refuses_a_weak_or_mismatched_new_password_in_french(client, city, on_commit):
    _ask(client, on_commit, "alice@example.org")
    link = _link()
    form_page = client.get(link)
    weak = client.post(form_page["Location"], {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 400
    page = weak.content.decode()
    assert "trop court" in page and "Le mot de passe n" in page
    mismatch = client.post(
        form_page["Location"], {"new_password1": NEW, "new_password2": NEW + "x"}
    )
    assert mismatch.status_code == 400
    assert "ne correspondent pas" in mismatch.content.decode()
    assert _signs_in(client, PASSWORD)


def test_it_says_what_is_wrong_with_a_bad_address(client, city):
    cases = [
        ({}, "Indiquez l'adresse email de votre compte."),
        ({"email": "pas-une-adresse"}, "Saisissez une adresse email valide"),
        ({"email": "x" * 300 + "@example.org"}, "254 caractères"),
    ]
    for data, message in cases:
        response = client.post(ASK, data)
        assert response.status_code == 400
        assert message in response.content.decode().replace("&#x27;", "'")
    assert mail.outbox == []


def test_it_limits_requests_per_address(client, city, on_commit, limits):
    for _ in range(3):
        assert _ask(client, on_commit, "alice@example.org").status_code == 302
    refused = _ask(client, on_commit, "alice@example.org")
    assert refused.status_code == 429 and refused.has_header("Retry-After")
    assert len(mail.outbox) == 3


def test_it_limits_requests_per_client(client, city, on_commit, limits):
    answers = [_ask(client, on_commit, f"p{i}@example.org").status_code for i in range(11)]
    assert answers == [302] * 10 + [429]


def test_a_reset_link_confirms_the_address(client, city, on_commit):
    User.objects.filter(username="alice").update(email_verified_at=None)
    _ask(client, on_commit, "alice@example.org")
    _choose(client, _link())
    assert User.objects.get(username="alice").email_verified


@pytest.mark.parametrize("method", ["put", "delete"])
def test_it_refuses_other_methods(client, db, method):
    assert getattr(client, method)(ASK).status_code == 405
