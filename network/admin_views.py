"""Admin views of medical review: the reviewers' dashboard and the unreviewed-content report."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.views.generic import TemplateView
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .models import MedicalReviewer, ReviewSettings
from .review import (
    STATUS_DUE_SOON,
    approvals_due,
    awaiting_review,
    published_without_review,
    review_status,
    today,
)


@dataclass
class Row:
    title: str
    kind: str
    url: str | None
    detail: str
    when: datetime.date | datetime.datetime | None


def _describe(content: Model | None, finder: AdminURLFinder) -> tuple[str, str, str | None]:
    if content is None:
        return "(deleted)", "", None
    specific = getattr(content, "specific", content)
    locale = getattr(specific, "locale", None)
    title = f"{specific} ({locale.language_code})" if locale is not None and "(" not in str(specific) else str(specific)
    return title, specific._meta.verbose_name, finder.get_edit_url(specific)


def can_see_review_dashboard(user) -> bool:
    return user.is_superuser or MedicalReviewer.objects.filter(user=user, is_active=True).exists()


class MedicalReviewDashboard(WagtailAdminTemplateMixin, TemplateView):
    """What needs a reviewer's attention: awaiting review, due soon, overdue, published without review."""

    template_name = "network/medical_review_dashboard.html"
    page_title = "Medical review"
    header_icon = "doc-full-inverse"
    sections = ("awaiting", "due_soon", "overdue", "unreviewed")

    def dispatch(self, request, *args, **kwargs):
        if not can_see_review_dashboard(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        finder = AdminURLFinder(self.request.user)
        review_settings = ReviewSettings.load()
        on = today()
        awaiting = []
        for task_state in awaiting_review():
            title, kind, url = _describe(task_state.revision.content_object, finder)
            requester = task_state.workflow_state.requested_by
            who = requester.get_full_name() or requester.get_username() if requester else "unknown"
            awaiting.append(Row(title, kind, url, f"submitted by {who}", task_state.started_at))
        due_soon, overdue = [], []
        for approval in approvals_due(on=on, review_settings=review_settings).order_by("next_review_due"):
            title, kind, url = _describe(approval.revision.content_object, finder)
            status = review_status(
                next_review_due=approval.next_review_due, on=on, due_soon_days=review_settings.due_soon_days
            )
            row = Row(title, kind, url, f"approved by {approval.reviewer_name}", approval.next_review_due)
            (due_soon if status == STATUS_DUE_SOON else overdue).append(row)
        unreviewed = []
        for content in published_without_review():
            title, kind, url = _describe(content, finder)
            unreviewed.append(Row(title, kind, url, "live revision not approved", content.last_published_at))
        context.update(
            awaiting=awaiting,
            due_soon=due_soon,
            overdue=overdue,
            unreviewed=unreviewed,
            serve_overdue=review_settings.serve_overdue,
            sections=[s for s in self.sections if self.kwargs.get("only") in (None, s)],
        )
        return context
