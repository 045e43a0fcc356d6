"""An index for the article lists' default order (newest first within a locale), so a page of a
large network is read in index order instead of sorting every article the clinic serves."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_live_review")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS page_locale_last_published "
            "ON wagtailcore_page (locale_id, last_published_at DESC)",
            "DROP INDEX IF EXISTS page_locale_last_published",
        )
    ]
