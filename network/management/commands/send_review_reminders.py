"""``send_review_reminders``: e-mail each medical reviewer the content they approved that is due
soon or overdue. Safe to run daily from cron: a reviewer gets at most one reminder a day."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from wagtail.admin.admin_url_finder import AdminURLFinder

from network.models import ReviewReminder, ReviewSettings
from network.review import STATUS_OVERDUE, approvals_due, review_status, today


class Command(BaseCommand):
    help = "E-mail each reviewer their due-soon and overdue items (at most once a day per reviewer)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print what would be sent; send nothing.")

    def handle(self, *args, dry_run=False, **options):
        on = today()
        review_settings = ReviewSettings.load()
        items = defaultdict(list)
        for approval in approvals_due(on=on, review_settings=review_settings).order_by("next_review_due"):
            items[approval.reviewer].append(approval)
        sent = 0
        for reviewer, approvals in items.items():
            if not reviewer.is_active or not reviewer.user.email:
                self.stderr.write(f"Skipped {reviewer}: inactive or no e-mail address.")
                continue
            body = self.message(reviewer, approvals, on, review_settings)
            subject = f"Medical review: {len(approvals)} item(s) due soon or overdue"
            if dry_run:
                self.stdout.write(f"To {reviewer.user.email}: {subject}\n{body}")
                continue
            try:
                with transaction.atomic():
                    ReviewReminder.objects.create(reviewer=reviewer, sent_on=on, item_count=len(approvals))
                    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reviewer.user.email])
            except IntegrityError:
                continue  # already reminded today
            sent += 1
        self.stdout.write(f"Sent {sent} reminder(s).")

    def message(self, reviewer, approvals, on, review_settings) -> str:
        finder = AdminURLFinder(reviewer.user)
        lines = [f"Dear {reviewer.display_name},", "", "Content you approved needs a new medical review:", ""]
        for approval in approvals:
            content = approval.revision.content_object
            status = review_status(
                next_review_due=approval.next_review_due, on=on, due_soon_days=review_settings.due_soon_days
            )
            label = "OVERDUE since" if status == STATUS_OVERDUE else "due"
            url = finder.get_edit_url(getattr(content, "specific", content)) if content is not None else None
            link = f"{settings.WAGTAILADMIN_BASE_URL}{url}" if url else ""
            lines.append(f"- {content} ({label} {approval.next_review_due:%Y-%m-%d}) {link}".rstrip())
        lines += ["", f"Your dashboard: {settings.WAGTAILADMIN_BASE_URL}/admin/medical-review/"]
        return "\n".join(lines)
