"""Which key filed which request now names core's key (same ids); Open311's table goes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_api_keys"),
        ("open311", "0003_copy_api_keys_to_core"),
    ]

    operations = [
        migrations.AlterField(
            model_name="apisubmission",
            name="api_key",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="submissions",
                to="core.apikey",
            ),
        ),
        migrations.DeleteModel(name="ApiKey"),
    ]
