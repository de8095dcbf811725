"""Open311's API keys become core's, with the same ids and hashes (so every key keeps working
and ApiSubmission rows stay valid once re-pointed) and the scope they always had."""

from django.core.management.color import no_style
from django.db import migrations

WRITE = "open311:write"
FIELDS = ("id", "name", "prefix", "key_hash", "created_at", "last_used_at", "is_active")


def _reset_sequence(apps, schema_editor, model_name):
    model = apps.get_model(*model_name.split("."))
    connection = schema_editor.connection
    # Rows were written with their ids: PostgreSQL's sequence must move past them.
    for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
        schema_editor.execute(sql)


def forwards(apps, schema_editor):
    Old = apps.get_model("open311", "ApiKey")
    New = apps.get_model("core", "ApiKey")
    rows = [
        New(**{name: getattr(old, name) for name in FIELDS}, scopes=[WRITE])
        for old in Old.objects.order_by("id")
    ]
    dates = {row.pk: row.created_at for row in rows}
    New.objects.bulk_create(rows)
    _keep_creation_dates(New, dates)
    _reset_sequence(apps, schema_editor, "core.ApiKey")


def _keep_creation_dates(model, dates):
    # auto_now_add stamps every created row with the present: put the real dates back.
    for pk, created_at in dates.items():
        model.objects.filter(pk=pk).update(created_at=created_at)


def backwards(apps, schema_editor):
    Old = apps.get_model("open311", "ApiKey")
    New = apps.get_model("core", "ApiKey")
    ids = set(apps.get_model("open311", "ApiSubmission").objects.values_list("api_key", flat=True))
    rows = [
        Old(**{name: getattr(new, name) for name in FIELDS})
        for new in New.objects.order_by("id")
        if WRITE in (new.scopes or []) or new.id in ids
    ]
    dates = {row.pk: row.created_at for row in rows}
    Old.objects.bulk_create(rows)
    _keep_creation_dates(Old, dates)
    _reset_sequence(apps, schema_editor, "open311.ApiKey")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_api_keys"),
        ("open311", "0002_confirmedaddress"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
