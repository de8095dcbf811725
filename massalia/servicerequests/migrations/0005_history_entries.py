import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The audit trail's rows are history entries (not to be confused with domain events)."""

    dependencies = [
        ("servicerequests", "0004_workflow_per_type"),
    ]

    operations = [
        migrations.RenameModel(old_name="RequestEvent", new_name="HistoryEntry"),
        migrations.AlterField(
            model_name="historyentry",
            name="request",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="history",
                to="servicerequests.servicerequest",
            ),
        ),
        migrations.RenameIndex(
            model_name="historyentry",
            new_name="servicerequ_request_67c8c1_idx",
            old_name="servicerequ_request_36d1b8_idx",
        ),
    ]
