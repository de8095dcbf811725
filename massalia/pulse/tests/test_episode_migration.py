"""Per-day spike alerts raised before episodes are merged into episodes by the migration."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("pulse", "0006_french_admin_labels")]
AFTER = [("pulse", "0007_alerts_as_episodes")]
DAY = dt.date(2025, 3, 14)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_it_merges_the_days_of_one_rise_and_keeps_apart_a_later_one():
    old = migrate(BEFORE)
    Topic = old.get_model("pulse", "Topic")
    Alert = old.get_model("pulse", "Alert")
    water = Topic.objects.create(slug="eau-test", name="Eau")
    for offset, observed in [(0, 20), (1, 35), (2, 22), (9, 30)]:
        Alert.objects.create(
            kind="spike",
            day=DAY + dt.timedelta(days=offset),
            topic=water,
            title=f"Eau : {observed} messages",
            observed=observed,
        )
    Alert.objects.create(kind="emerging", day=DAY, title="Sujet émergent : piscine")

    new = migrate(AFTER)

    rows = new.get_model("pulse", "Alert").objects.filter(kind="spike").order_by("first_day")
    assert [(a.first_day, a.last_day, a.day, a.observed, a.title) for a in rows] == [
        (DAY, DAY + dt.timedelta(days=2), DAY + dt.timedelta(days=1), 35, "Eau : 35 messages"),
        (DAY + dt.timedelta(days=9),) * 3 + (30, "Eau : 30 messages"),
    ]
    assert all(a.state == "over" for a in rows)
    emerging = new.get_model("pulse", "Alert").objects.get(kind="emerging")
    assert (emerging.first_day, emerging.last_day) == (DAY, DAY)
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
