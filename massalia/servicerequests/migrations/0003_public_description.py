from django.db import migrations, models

from massalia.core.text import scrub


def fill_public_copies(apps, schema_editor):
    """Existing requests get their public copy, personal data hidden."""
    ServiceRequest = apps.get_model("servicerequests", "ServiceRequest")
    rows = ServiceRequest.objects.only("id", "description").order_by("id")
    batch = []
    for row in rows.iterator(chunk_size=2000):
        row.public_description = scrub(row.description)
        batch.append(row)
        if len(batch) == 2000:
            ServiceRequest.objects.bulk_update(batch, ["public_description"])
            batch = []
    ServiceRequest.objects.bulk_update(batch, ["public_description"])


class Migration(migrations.Migration):
    dependencies = [
        ("servicerequests", "0002_request_event_public_note_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="servicerequest",
            name="public_description",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(fill_public_copies, migrations.RunPython.noop),
    ]
