"""Each person's choice per kind of notification is honoured, and set from their account."""

from __future__ import annotations

import pytest
from django.core import mail

from massalia.core.notifications.models import Notification
from massalia.core.notifications.services import preference, preferences, send, set_preference
from massalia.core.tests.notification_kinds import NEWS, REMINDER, STAFF, kinds  # noqa: F401

pytestmark = pytest.mark.usefixtures("kinds")
PAGE = "/notifications/"


def news(to, key="n1"):
    return send(kind=NEWS, to=to, key=key, template="tests_news", context={"number": key})


@pytest.fixture(autouse=True)
def templates(settings, tmp_path):
    folder = tmp_path / "notifications"
    folder.mkdir()
    (folder / "tests_news.subject.txt").write_text("Lettre {{ number }}")
    (folder / "tests_news.txt").write_text("Les nouvelles du numéro {{ number }}.")
    (folder / "tests_news.digest.txt").write_text("Numéro {{ number }}")
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path]} for engine in settings.TEMPLATES]


def test_it_uses_the_kinds_default_until_a_person_chooses(city):
    alice = city.people["alice"]
    assert preference(kind=NEWS, to=alice) == "weekly"
    set_preference(kind=NEWS, to=alice, frequency="immediately")
    assert preference(kind=NEWS, to=alice) == "immediately"
    assert preference(kind=NEWS, to=city.people["bob"]) == "weekly"
    assert preference(kind=NEWS, to="Quelqu.un@Example.org") == "weekly"


def test_it_sends_at_once_keeps_for_a_digest_or_sends_nothing(city):
    alice, bob, carol = city.people["alice"], city.people["bob"], city.people["carol"]
    set_preference(kind=NEWS, to=alice, frequency="immediately")
    set_preference(kind=NEWS, to=carol, frequency="never")

    assert news(alice).state == Notification.State.SENT
    assert news(bob).state == Notification.State.QUEUED  # the kind's weekly default
    assert news(carol) is None

    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert mail.outbox[0].subject == "Lettre n1"
    assert "Les nouvelles du numéro n1." in mail.outbox[0].body


def test_it_withdraws_what_waited_for_a_digest_when_the_kind_is_turned_off(city):
    bob = city.people["bob"]
    queued = news(bob)
    set_preference(kind=NEWS, to=bob, frequency="never")
    queued.refresh_from_db()
    assert queued.state == Notification.State.WITHDRAWN


def test_it_sends_a_kind_only_to_its_audience(city):
    sent = [
        send(kind=STAFF, to=who, key="k", template="tests_news", context={})
        for who in (city.people["alice"], city.people["olga"], "anonyme@example.org")
    ]
    assert [row is not None for row in sent] == [False, True, False]


def test_it_refuses_to_turn_off_a_kind_one_cannot_refuse(city):
    with pytest.raises(ValueError):
        set_preference(kind=REMINDER, to=city.people["alice"], frequency="never")
    set_preference(kind=REMINDER, to=city.people["alice"], frequency="daily")
    assert preference(kind=REMINDER, to=city.people["alice"]) == "daily"


def test_it_lets_a_person_choose_from_their_account(client, city):
    client.force_login(city.people["alice"])
    page = client.get(PAGE).content.decode()
    assert "Lettre d&#x27;information" in page and "Rappels de rendez-vous" in page
    assert "Réservé au personnel" not in page  # not for her
    assert 'value="never"' in page

    # The page sends a choice for each of her kinds, the ones she left as they were too.
    shown = {kind.name: frequency for kind, frequency in preferences(user=city.people["alice"])}
    chosen = {NEWS: "never", REMINDER: "weekly", "servicerequests.status_changed": "daily"}
    response = client.post(PAGE, {**shown, **chosen})

    assert response.status_code == 302
    alice = city.people["alice"]
    assert preference(kind=NEWS, to=alice) == "never"
    assert preference(kind=REMINDER, to=alice) == "weekly"
    assert preference(kind="servicerequests.status_changed", to=alice) == "daily"
    assert "Vos choix de notifications sont enregistrés." in client.get(PAGE).content.decode()


def test_it_refuses_a_choice_a_kind_does_not_offer(client, city):
    client.force_login(city.people["alice"])
    response = client.post(
        PAGE, {NEWS: "hourly", REMINDER: "never", "servicerequests.status_changed": "daily"}
    )
    assert response.status_code == 400
    assert "Choix inconnu." in response.content.decode()
    assert preference(kind=REMINDER, to=city.people["alice"]) == "immediately"


def test_it_links_the_choices_from_my_account(client, city):
    client.force_login(city.people["alice"])
    assert f'href="{PAGE}"' in client.get("/compte/").content.decode()
