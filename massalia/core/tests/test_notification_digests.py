"""Digests: one email per person per period with what waited, sent once, retried alone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from massalia.core.notifications.digests import period_of, send_digests
from massalia.core.notifications.models import Digest, Notification
from massalia.core.notifications.services import send, set_preference
from massalia.core.tests.notification_kinds import NEWS, REMINDER, kinds  # noqa: F401
from massalia.core.tests.test_notification_preferences import templates  # noqa: F401

pytestmark = pytest.mark.usefixtures("kinds", "templates")
MONDAY_8AM = timezone.make_aware(dt.datetime(2026, 3, 2, 8, 0))


def item(kind, to, key):
    return send(kind=kind, to=to, key=key, template="tests_news", context={"number": key})


def test_it_groups_a_persons_items_of_every_kind_in_one_email(city, settings):
    settings.SITE_URL = "https://ville.test"
    alice, bob = city.people["alice"], city.people["bob"]
    for person in (alice, bob):
        set_preference(kind=REMINDER, to=person, frequency="weekly")
    item(NEWS, alice, "n1")
    item(NEWS, alice, "n2")
    item(REMINDER, alice, "r1")
    item(NEWS, bob, "n1")

    assert send_digests(now=timezone.now()) == 2

    by_person = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_person) == ["alice@example.org", "bob@example.org"]
    message = by_person["alice@example.org"]
    assert message.subject == f"[{settings.CITY_NAME}] Résumé de la semaine : 3 nouvelles"
    assert "Bonjour Alice," in message.body
    assert "== Lettre d'information ==\n\n- Numéro n1\n- Numéro n2" in message.body
    assert "== Rappels de rendez-vous ==\n\n- Numéro r1" in message.body
    assert "Pour en savoir plus : https://ville.test/" in message.body
    assert "Alertes" not in message.body and "Numéro n1" in by_person["bob@example.org"].body
    assert not Notification.objects.exclude(state=Notification.State.SENT).exists()


def test_it_sends_nothing_twice_and_keeps_later_items_for_the_next_period(city):
    alice = city.people["alice"]
    item(NEWS, alice, "n1")
    now = timezone.now()
    assert send_digests(now=now) == 1
    assert send_digests(now=now) == 0
    assert send_digests(now=now + dt.timedelta(minutes=15)) == 0
    item(NEWS, alice, "n2")
    assert send_digests(now=now + dt.timedelta(hours=1)) == 0  # this week's digest went out
    assert send_digests(now=now + dt.timedelta(days=7)) == 1
    assert len(mail.outbox) == 2
    # The item lines, not the whole body: a signed unsubscribe token may hold "n1" too.
    assert "Numéro n2" in mail.outbox[1].body and "Numéro n1" not in mail.outbox[1].body
    assert Digest.objects.count() == 2


def test_it_sends_a_bare_addresss_digest(city):
    item(NEWS, "Voisin@Example.org", "n1")
    assert send_digests(now=timezone.now()) == 1
    assert mail.outbox[0].to == ["voisin@example.org"]
    assert "Bonjour," in mail.outbox[0].body


def test_it_retries_a_failing_address_without_holding_back_the_others(city):
    alice, bob = city.people["alice"], city.people["bob"]
    item(NEWS, alice, "n1")
    item(NEWS, bob, "n1")
    type(alice).objects.filter(pk=alice.pk).update(email="alice@example.org\nBcc: x@y.test")
    now = timezone.now()

    assert send_digests(now=now) == 1
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]
    failed = Digest.objects.get(user=alice)
    assert failed.state == Digest.State.PENDING and failed.attempts == 1 and failed.last_error
    assert send_digests(now=now) == 0  # not due yet (backoff)

    type(alice).objects.filter(pk=alice.pk).update(email="alice@example.org")
    assert send_digests(now=now + dt.timedelta(minutes=5)) == 1
    assert [m.to for m in mail.outbox] == [["bob@example.org"], ["alice@example.org"]]


def test_it_gives_up_after_the_configured_attempts(city, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    alice = city.people["alice"]
    item(NEWS, alice, "n1")
    type(alice).objects.filter(pk=alice.pk).update(email="alice@example.org\nBcc: x@y.test")
    now = timezone.now()
    send_digests(now=now)
    send_digests(now=now + dt.timedelta(hours=1))
    assert Digest.objects.get().state == Digest.State.FAILED
    assert send_digests(now=now + dt.timedelta(days=1)) == 0
    assert mail.outbox == []


def test_it_starts_periods_at_the_digest_hour(settings):
    settings.NOTIFICATIONS_DIGEST_HOUR = 7
    assert period_of("daily", MONDAY_8AM) == dt.date(2026, 3, 2)
    assert period_of("daily", MONDAY_8AM - dt.timedelta(hours=2)) == dt.date(2026, 3, 1)
    assert period_of("weekly", MONDAY_8AM + dt.timedelta(days=3)) == dt.date(2026, 3, 2)
    assert period_of("weekly", MONDAY_8AM - dt.timedelta(hours=2)) == dt.date(2026, 2, 23)


def test_it_runs_as_a_scheduled_task(db, settings):
    from massalia.core.tasks import registered

    assert "massalia.core.notifications.tasks.deliver" in {
        task for _, task in settings.SCHEDULE.values()
    }
    assert registered("massalia.core.notifications.tasks.deliver")() == 0
