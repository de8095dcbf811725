import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("servicerequests", "0005_history_entries"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(old_name="Photo", new_name="Attachment"),
        migrations.AlterModelOptions(
            name="attachment", options={"ordering": ["id"], "verbose_name": "pièce jointe"}
        ),
        migrations.AlterField(
            model_name="attachment",
            name="request",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="attachments",
                to="servicerequests.servicerequest",
            ),
        ),
        migrations.AlterField(
            model_name="historyentry",
            name="kind",
            field=models.CharField(
                choices=[
                    ("created", "demande déposée"),
                    ("confirmed", "adresse email confirmée"),
                    ("status", "changement de statut"),
                    ("assigned", "attribution"),
                    ("reassigned", "changement de service"),
                    ("merged", "fusion"),
                    ("comment", "note"),
                    ("photo", "photo ajoutée"),
                    ("message", "message"),
                ],
                max_length=20,
            ),
        ),
        migrations.CreateModel(
            name="CaseMessage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "sender",
                    models.CharField(
                        choices=[("requester", "le demandeur"), ("department", "le service")],
                        max_length=12,
                    ),
                ),
                ("body", models.TextField()),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("read_at", models.DateTimeField(blank=True, null=True)),
                (
                    "author",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "request",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="messages",
                        to="servicerequests.servicerequest",
                    ),
                ),
            ],
            options={
                "verbose_name": "message",
                "ordering": ["created_at", "id"],
            },
        ),
        migrations.AddField(
            model_name="attachment",
            name="message",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="documents",
                to="servicerequests.casemessage",
            ),
        ),
        migrations.AddIndex(
            model_name="casemessage",
            index=models.Index(
                fields=["request", "sender", "read_at"], name="servicerequ_request_4b806e_idx"
            ),
        ),
    ]
