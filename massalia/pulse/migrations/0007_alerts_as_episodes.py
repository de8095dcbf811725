"""Alerts become episodes: first and last day, state, the episode's messages.

Existing spike alerts were one per day: those of the same topic and place whose days follow
each other with fewer than QUIET_DAYS quiet days between them are merged into one episode (the
earliest row is kept, with the peak day's figures; the others are deleted). Existing emerging
alerts stay one episode each: the messages of their groups were not kept, so nothing tells
which of them were the same subject.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import migrations, models
from django.db.models import Sum
from django.utils import timezone

QUIET_DAYS = 2  # as massalia.pulse.alerts.quiet_days() by default


def merge_days_into_episodes(apps: Any, schema_editor: Any) -> None:
    Alert = apps.get_model("pulse", "Alert")
    DailySignal = apps.get_model("pulse", "DailySignal")
    today = timezone.localdate()
    runs: list[list[Any]] = []
    previous_key = None
    for alert in Alert.objects.order_by("kind", "topic_id", "arrondissement_id", "day", "pk"):
        key = (alert.kind, alert.topic_id, alert.arrondissement_id)
        mergeable = alert.kind == "spike" and key == previous_key and runs
        if mergeable and (alert.day - runs[-1][-1].day).days <= QUIET_DAYS:
            runs[-1].append(alert)
        else:
            runs.append([alert])
        previous_key = key
    for run in runs:
        _merge(run, DailySignal, today)


def _merge(run: list[Any], DailySignal: Any, today: dt.date) -> None:
    kept, peak = run[0], max(run, key=lambda a: (a.observed, a.day))
    kept.first_day, kept.last_day = run[0].day, run[-1].day
    for name in ("day", "observed", "expected", "score", "title"):
        setattr(kept, name, getattr(peak, name))
    seen = [a for a in run if a.acknowledged_at]
    if seen:
        first_seen = min(seen, key=lambda a: a.acknowledged_at)
        kept.acknowledged_at, kept.acknowledged_by_id = (
            first_seen.acknowledged_at,
            first_seen.acknowledged_by_id,
        )
    emailed = [a.emailed_at for a in run if a.emailed_at]
    kept.emailed_at = min(emailed) if emailed else None
    kept.created_at = min(a.created_at for a in run)
    kept.total = _total(kept, DailySignal) if kept.kind == "spike" else kept.observed
    over = (today - kept.last_day).days >= QUIET_DAYS
    kept.state = "over" if over else "rising"
    kept.save()
    for other in run[1:]:
        other.delete()


def _total(alert: Any, DailySignal: Any) -> int:
    rows = DailySignal.objects.filter(
        topic_id=alert.topic_id, day__gte=alert.first_day, day__lte=alert.last_day
    )
    if alert.arrondissement_id:
        rows = rows.filter(arrondissement_id=alert.arrondissement_id)
    total = rows.aggregate(n=Sum("messages"))["n"]
    return int(total or alert.observed)


class Migration(migrations.Migration):
    dependencies = [("pulse", "0006_french_admin_labels")]

    operations = [
        migrations.AlterField(
            model_name="alert",
            name="day",
            field=models.DateField(db_index=True, verbose_name="jour du pic"),
        ),
        migrations.AddField(
            model_name="alert",
            name="first_day",
            field=models.DateField(default=dt.date(2000, 1, 1), verbose_name="premier jour"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="alert",
            name="last_day",
            field=models.DateField(
                db_index=True, default=dt.date(2000, 1, 1), verbose_name="dernier jour"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="alert",
            name="state",
            field=models.CharField(
                choices=[("rising", "en cours"), ("over", "terminée")],
                default="rising",
                max_length=10,
                verbose_name="état",
            ),
        ),
        migrations.AddField(
            model_name="alert",
            name="total",
            field=models.PositiveIntegerField(default=0, verbose_name="messages de l'épisode"),
        ),
        migrations.AddField(
            model_name="alert",
            name="message_ids",
            field=models.JSONField(blank=True, default=list, verbose_name="messages"),
        ),
        migrations.RunPython(merge_days_into_episodes, migrations.RunPython.noop),
    ]
