"""A new account confirms its address before its reports skip the email confirmation."""

import re
import time

from django.core import mail
from django.urls import reverse

from massalia.accounts import tokens
from massalia.accounts.models import User
from massalia.servicerequests import services
from massalia.servicerequests.models import ServiceRequest
from massalia.testing import INSIDE

SIGNUP = {
    "email": "zoe@example.org",
    "display_name": "Zoé",
    "password1": "un-long-mot-de-passe-7",
    "password2": "un-long-mot-de-passe-7",
}


def _sign_up(client, on_commit) -> User:
    with on_commit():
        response = client.post(reverse("accounts:signup"), SIGNUP, follow=True)
    assert "ouvrez le lien" in response.content.decode()
    return User.objects.get(email="zoe@example.org")


def _link() -> str:
    message = mail.outbox[-1]
    assert message.to == ["zoe@example.org"]
    found = re.search(r"https?://[^/\s]+(/compte/confirmer/[^\s]+/)", str(message.body))
    assert found, message.body
    return found.group(1)


def _report(city, user: User) -> ServiceRequest:
    lat, lon = INSIDE["NOAILLES"]
    return services.submit_request(
        request_type=city.types["nid-de-poule"],
        description="Trou profond devant le 4",
        attributes={"taille": "petit"},
        latitude=lat,
        longitude=lon,
        requester=user,
    )


def test_a_new_account_is_unverified_and_gets_a_link(client, city, on_commit):
    user = _sign_up(client, on_commit)
    assert not user.email_verified
    assert "Confirmez votre adresse" in mail.outbox[-1].subject
    page = client.get(reverse("accounts:my_account")).content.decode()
    assert "non confirmée" in page and "Recevoir un nouveau lien" in page


def test_an_unverified_accounts_report_waits_like_an_anonymous_one(client, city, on_commit):
    user = _sign_up(client, on_commit)
    case = _report(city, user)
    assert case.confirmed_at is None and case.confirmation_token
    assert not ServiceRequest.objects.published().filter(pk=case.pk).exists()

    # Its own confirmation link publishes it, as for anyone.
    services.confirm_request(token=case.confirmation_token)
    assert ServiceRequest.objects.published().filter(pk=case.pk).exists()
    assert case.follows.count() == 1  # the account's follow, no second one by address


def test_a_verified_accounts_report_is_public_at_once(client, city, on_commit):
    user = _sign_up(client, on_commit)
    response = client.get(_link())
    assert response.status_code == 200
    assert "Votre adresse est confirmée" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified
    case = _report(city, user)
    assert ServiceRequest.objects.published().filter(pk=case.pk).exists()


def test_it_resends_the_link_from_my_account(client, city, on_commit):
    _sign_up(client, on_commit)
    mail.outbox.clear()
    with on_commit():
        response = client.post(reverse("accounts:resend_verification"), follow=True)
    assert "nouveau lien de confirmation a été envoyé" in response.content.decode()
    assert client.get(_link()).status_code == 200
    mail.outbox.clear()
    with on_commit():
        response = client.post(reverse("accounts:resend_verification"), follow=True)
    assert mail.outbox == [] and "déjà confirmée" in response.content.decode()


def test_it_refuses_a_forged_or_foreign_link(client, city, on_commit):
    user = _sign_up(client, on_commit)
    link = _link()
    token = link.rstrip("/").rsplit("/", 1)[1]
    forged = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    other = tokens.verification_token(user_id=user.pk, email="autre@example.org")
    for bad in (forged, "lien-modifie", other):
        response = client.get(reverse("accounts:verify_email", args=[bad]))
        assert response.status_code == 404
        assert "Lien de confirmation non valable" in response.content.decode()
    user.refresh_from_db()
    assert not user.email_verified


def test_a_link_is_void_once_the_address_changed(client, city, on_commit):
    user = _sign_up(client, on_commit)
    link = _link()
    User.objects.filter(pk=user.pk).update(email="zoe.nouvelle@example.org")
    assert client.get(link).status_code == 404


def test_it_refuses_an_expired_link(client, city, on_commit, monkeypatch):
    user = _sign_up(client, on_commit)
    link = _link()
    later = time.time() + (tokens.VERIFY_LINK_DAYS + 1) * 86400
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert client.get(link).status_code == 404
    user.refresh_from_db()
    assert not user.email_verified


def test_the_resend_limit_applies(client, city, on_commit, limits):
    _sign_up(client, on_commit)
    answers = [client.post(reverse("accounts:resend_verification")).status_code for _ in range(6)]
    assert answers == [302] * 5 + [429]


def test_accounts_made_otherwise_count_as_verified(city):
    assert all(person.email_verified for person in city.people.values())


def test_confirming_the_account_confirms_the_reports_it_filed_meanwhile(client, city, on_commit):
    user = _sign_up(client, on_commit)
    link = _link()
    with on_commit():
        waiting = _report(city, user)
    assert "depuis un compte dont l'adresse n'est pas encore confirmée" in mail.outbox[-1].body
    with on_commit():
        client.get(link)
    waiting.refresh_from_db()
    assert waiting.confirmed_at is not None
    assert ServiceRequest.objects.published().filter(pk=waiting.pk).exists()
    assert waiting.follows.count() == 1
