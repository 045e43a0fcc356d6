"""``python manage.py prune_change_feed``: forget clinic changes older than the feed keeps."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from changes.feed import prune_change_feed


class Command(BaseCommand):
    help = (
        "Delete the change feed's clinic changes older than CHANGE_FEED_RETENTION_DAYS (always keeping the "
        "newest). A website whose cursor is older then gets a 410 and rebuilds. Run daily (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days instead of CHANGE_FEED_RETENTION_DAYS.",
        )

    def handle(self, *args, days=None, **options):
        kept_days = settings.CHANGE_FEED_RETENTION_DAYS if days is None else days
        if kept_days < 1:
            raise CommandError("Keep at least one day.")
        deleted = prune_change_feed(kept_days=kept_days)
        self.stdout.write(f"{deleted} clinic change(s) older than {kept_days} day(s) deleted.")
