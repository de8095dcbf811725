"""The alert digest moves onto the notification module: each subscribed official keeps a daily
digest of the alerts raised since their last one, then the pulse's own table goes."""

from django.db import migrations

TOPIC = "pulse.alerts_digest"


def forward(apps, schema_editor):
    DigestSubscription = apps.get_model("pulse", "DigestSubscription")
    Subscription = apps.get_model("core", "Subscription")
    for old in DigestSubscription.objects.all():
        Subscription.objects.update_or_create(
            user_id=old.user_id,
            topic=TOPIC,
            defaults={
                "channel": "email",
                "frequency": "daily",
                # Alerts sent before the move are not sent again.
                "since": old.last_sent_at or old.created_at,
            },
        )


def backward(apps, schema_editor):
    DigestSubscription = apps.get_model("pulse", "DigestSubscription")
    Subscription = apps.get_model("core", "Subscription")
    for row in Subscription.objects.filter(topic=TOPIC, user__isnull=False).exclude(
        frequency="never"
    ):
        DigestSubscription.objects.get_or_create(
            user_id=row.user_id, defaults={"created_at": row.since, "last_sent_at": row.since}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_notifications"),
        ("pulse", "0004_message_is_private"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="DigestSubscription"),
    ]
