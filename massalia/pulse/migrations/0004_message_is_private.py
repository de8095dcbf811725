from django.db import migrations, models

PREFIX = "servicerequest:"


def mark_private_demands(apps, schema_editor):
    """Messages already received from requests of non-public types become private."""
    Message = apps.get_model("pulse", "Message")
    ServiceRequest = apps.get_model("servicerequests", "ServiceRequest")
    private_ids = {
        f"{PREFIX}{pk}"
        for pk in ServiceRequest.objects.filter(request_type__is_public=False).values_list(
            "pk", flat=True
        )
    }
    ids = list(private_ids)
    for start in range(0, len(ids), 500):
        Message.objects.filter(
            channel="platform", external_id__in=ids[start : start + 500]
        ).update(is_private=True)


class Migration(migrations.Migration):
    dependencies = [
        ("pulse", "0003_message_indexes_for_voices_and_pending"),
        ("servicerequests", "0003_public_description"),
    ]

    operations = [
        migrations.AddField(
            model_name="message",
            name="is_private",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(mark_private_demands, migrations.RunPython.noop),
    ]
