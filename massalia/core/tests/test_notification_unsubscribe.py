"""Every optional email carries a signed one-click unsubscribe link (RFC 8058)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from massalia.core.notifications.digests import send_digests
from massalia.core.notifications.services import preference, send
from massalia.core.tests.notification_kinds import NEWS, REMINDER, kinds  # noqa: F401
from massalia.core.tests.test_notification_preferences import templates  # noqa: F401

pytestmark = pytest.mark.usefixtures("kinds", "templates")
LINK = re.compile(r"Ne plus recevoir ces courriels : (\S+)")


def sent_now(kind, to, key="n1"):
    from massalia.core.notifications.services import set_preference

    if kind == NEWS:
        set_preference(kind=NEWS, to=to, frequency="immediately")
    send(kind=kind, to=to, key=key, template="tests_news", context={"number": key})
    return mail.outbox[-1]


def link_path(message, settings):
    url = LINK.search(message.body).group(1)
    assert url.startswith(settings.SITE_URL)
    return url.removeprefix(settings.SITE_URL)


def test_it_puts_the_link_in_the_body_and_the_headers(city, settings):
    settings.SITE_URL = "https://ville.test"
    message = sent_now(NEWS, city.people["alice"])
    url = "https://ville.test" + link_path(message, settings)
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Choisir vos notifications : https://ville.test/notifications/" in message.body


def test_it_unsubscribes_on_a_one_click_post_without_session_or_csrf_token(city, settings):
    alice = city.people["alice"]
    path = link_path(sent_now(NEWS, alice), settings)
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert "Désabonnement confirmé" in response.content.decode()
    assert preference(kind=NEWS, to=alice) == "never"
    assert mail_client.post(path).status_code == 200  # twice is harmless


def test_it_only_shows_a_button_on_a_get(client, city, settings):
    alice = city.people["alice"]
    path = link_path(sent_now(NEWS, alice), settings)

    page = client.get(path).content.decode()

    assert "Lettre d&#x27;information" in page and "Confirmer le désabonnement" in page
    assert "alice@example.org" not in page
    assert preference(kind=NEWS, to=alice) == "immediately"  # a mail scanner changes nothing


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_refuses_an_altered_link_in_french(client, city, settings, method):
    path = link_path(sent_now(NEWS, city.people["alice"]), settings)
    token = path.rstrip("/").rsplit("/", 1)[1]
    for bad in (token[:-2] + "xy", token.replace(":", "", 1), "nimporte-quoi", "a" * 500):
        response = getattr(client, method)(f"/notifications/desabonnement/{bad}/")
        assert response.status_code == 400, bad
        assert "Ce lien de désabonnement n&#x27;est pas valide" in response.content.decode()
    assert preference(kind=NEWS, to=city.people["alice"]) == "immediately"


def test_it_refuses_the_link_of_a_deleted_account(client, city, settings):
    alice = city.people["alice"]
    path = link_path(sent_now(NEWS, alice), settings)
    alice.delete()
    assert client.post(path).status_code == 400


def test_it_gives_no_link_for_a_kind_one_cannot_refuse(city):
    message = sent_now(REMINDER, city.people["alice"])
    assert "List-Unsubscribe" not in message.extra_headers
    assert "Ne plus recevoir" not in message.body


def test_it_turns_off_every_optional_kind_of_a_digest(client, city, settings):
    from massalia.core.notifications.services import set_preference

    neighbour = "voisin@example.org"
    for kind in (NEWS, REMINDER, "servicerequests.status_changed"):
        set_preference(kind=kind, to=neighbour, frequency="daily")
    for kind in (NEWS, REMINDER, "servicerequests.status_changed"):
        send(kind=kind, to=neighbour, key="k", template="tests_news", context={"number": "1"})
    send_digests(now=timezone.now())
    (digest,) = mail.outbox
    assert "Choisir vos notifications" not in digest.body  # no account to sign in to

    client.post(link_path(digest, settings))

    assert preference(kind=NEWS, to=neighbour) == "never"
    assert preference(kind="servicerequests.status_changed", to=neighbour) == "never"
    assert preference(kind=REMINDER, to=neighbour) == "daily"  # cannot be turned off
