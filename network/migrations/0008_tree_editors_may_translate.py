"""Editors with rights on a tree may translate its pages: every group that may add pages somewhere
(network editors on the shared library, a clinic's editors on its tree) gets simple_translation's
"Can submit translations". Which pages it may translate still follows its page permissions."""

from django.db import migrations


def grant_translation(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="simple_translation", model="simpletranslation")
    submit, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="submit_translation", defaults={"name": "Can submit translations"}
    )
    for group in Group.objects.filter(page_permissions__permission__codename="add_page").distinct():
        group.permissions.add(submit)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0007_pending_invalidation"),
        ("simple_translation", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant_translation, migrations.RunPython.noop)]
