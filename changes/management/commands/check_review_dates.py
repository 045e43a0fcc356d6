"""``python manage.py check_review_dates``: tell clinic websites of reviews fallen due or overdue."""

from django.core.management.base import BaseCommand

from changes.relay import record_review_dates


class Command(BaseCommand):
    help = (
        "Tell each clinic's website of the articles whose medical review fell due soon or overdue today, "
        "and of those withheld as overdue. Run daily (cron); running it again the same day tells nothing twice."
    )

    def handle(self, *args, **options):
        written = record_review_dates()
        self.stdout.write(f"{written} change(s) recorded for clinic websites.")
