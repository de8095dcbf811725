import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def existing_accounts_are_verified(apps, schema_editor):
    """Accounts made before sign-up asked for a confirmation keep every right they had."""
    User = apps.get_model("accounts", "User")
    User.objects.update(email_verified_at=F("date_joined"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_one_account_per_email"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_verified_at",
            field=models.DateTimeField(
                blank=True,
                default=django.utils.timezone.now,
                null=True,
                verbose_name="adresse email confirmée le",
            ),
        ),
        migrations.RunPython(existing_accounts_are_verified, migrations.RunPython.noop),
    ]
