from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0010_preview"),
    ]

    operations = [
        migrations.RenameModel("PendingInvalidation", "ContentChange"),
        migrations.AddField(model_name="contentchange", name="subjects", field=models.JSONField(default=list)),
        migrations.AddField(model_name="contentchange", name="bumped", field=models.BooleanField(default=False)),
        migrations.AddField(model_name="contentchange", name="relayed", field=models.BooleanField(default=False)),
        migrations.AddIndex(
            model_name="contentchange",
            index=models.Index(condition=models.Q(("bumped", False)), fields=["id"], name="change_to_bump"),
        ),
        migrations.AddIndex(
            model_name="contentchange",
            index=models.Index(condition=models.Q(("relayed", False)), fields=["id"], name="change_to_relay"),
        ),
    ]
