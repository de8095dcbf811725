"""An account's notification rows are in its data export, go with it, and expire."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from massalia.accounts import privacy
from massalia.core.notifications.models import Digest, Notification, Subscription
from massalia.core.notifications.services import send, set_preference
from massalia.core.tests.notification_kinds import NEWS, kinds  # noqa: F401
from massalia.core.tests.test_notification_preferences import templates  # noqa: F401

pytestmark = pytest.mark.usefixtures("kinds", "templates")


def news(to, key):
    return send(kind=NEWS, to=to, key=key, template="tests_news", context={"number": key})


@pytest.fixture
def alices_rows(city):
    alice = city.people["alice"]
    set_preference(kind=NEWS, to=alice, frequency="immediately")
    news(alice, "n1")
    # Her address used bare (by her, or by someone else before she signed up with it).
    set_preference(kind=NEWS, to="alice@example.org", frequency="daily")
    news("alice@example.org", "n0")
    news(city.people["bob"], "n1")  # someone else's
    return alice


def test_it_exports_the_accounts_choices_and_messages(alices_rows):
    data = privacy.export_user_data(user=alices_rows)["notifications"]
    assert [c["frequency"] for c in data["choices"]] == ["immediately"]
    assert [m["subject"] for m in data["messages"]] == ["Lettre n1"]


def test_it_erases_the_accounts_rows_with_it(alices_rows, city):
    counts = privacy.delete_account(user=alices_rows)
    assert counts["removed_notification_choices"] == 1
    assert counts["removed_notifications"] == 1
    assert not Subscription.objects.filter(user__isnull=False).exists()
    # The bare address's rows are not the account's: they stay (and expire on their own).
    assert sorted(Notification.objects.values_list("key", flat=True)) == ["n0", "n1"]
    assert Notification.objects.get(key="n1").user == city.people["bob"]


def test_it_purges_sent_copies_after_the_retention_period(alices_rows, settings):
    settings.RETENTION_NOTIFICATIONS_DAYS = 90
    Notification.objects.filter(key="n1").update(created_at=timezone.now() - dt.timedelta(91))
    Digest.objects.create(
        email="x@example.org",
        frequency="daily",
        period=dt.date(2020, 1, 1),
        state=Digest.State.SENT,
        created_at=timezone.now() - dt.timedelta(91),
    )

    report = privacy.purge(dry_run=True)
    assert report.counts["sent_notifications"] == 1  # the sent one; bob's waits for a digest
    assert Notification.objects.count() == 3

    privacy.purge()
    assert sorted(Notification.objects.values_list("key", flat=True)) == ["n0", "n1"]
    assert not Digest.objects.exists()
    assert Subscription.objects.count() == 2  # a choice stays: a "never" must be honoured
