"""The officials subscribed to the old alert digest keep it on the notification module."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("pulse", "0004_message_is_private"), ("core", "0003_notifications")]
AFTER = [("pulse", "0005_digest_subscriptions_to_notifications")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_it_moves_digest_subscriptions_to_notification_choices():
    old = migrate(BEFORE)
    User = old.get_model("accounts", "User")
    olga = User.objects.create(username="olga", email="olga@example.org", is_official=True)
    root = User.objects.create(username="root", email="root@example.org", is_superuser=True)
    sent = timezone.now() - dt.timedelta(days=2)
    old.get_model("pulse", "DigestSubscription").objects.create(user=olga, last_sent_at=sent)
    old.get_model("pulse", "DigestSubscription").objects.create(user=root)

    new = migrate(AFTER)

    rows = new.get_model("core", "Subscription").objects.order_by("user_id")
    assert [(r.user_id, r.topic, r.frequency) for r in rows] == [
        (olga.pk, "pulse.alerts_digest", "daily"),
        (root.pk, "pulse.alerts_digest", "daily"),
    ]
    assert rows[0].since == sent  # what she was sent is not sent again
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
