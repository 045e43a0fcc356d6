"""The "Published without medical review" report: live content that clinic websites do not get,
because its live revision carries no approval, with who published it, when, and the way to
submit it for review.

Content published around review (a script calling ``revision.publish()``, an import, a copy or
an alias made outside the admin) is withheld by the gate, not served from an older approval: see
docs/decisions.md, "Content published around review stays withheld".
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.views.generic import TemplateView
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import ModelLogEntry, Page, PageLogEntry, Revision

from .admin_views import can_see_review_dashboard
from .review import published_without_review

PUBLISH_ACTIONS = ("wagtail.publish", "wagtail.publish.scheduled", "wagtail.revert")


@dataclass(frozen=True)
class UnreviewedRow:
    title: str
    kind: str
    edit_url: str | None
    published_by: str
    published_at: datetime.datetime | None


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def published_without_review_rows(*, user) -> list[UnreviewedRow]:
    """One row per live object whose live revision no reviewer approved: who published that
    revision and when, from its audit log entry (a publish without a user, as a script or the
    scheduler does, says so), else the revision's author and the last publish date."""
    content = published_without_review()
    revision_ids = [obj.live_revision_id for obj in content if obj.live_revision_id]
    entries = {}
    for log_model in (PageLogEntry, ModelLogEntry):
        for entry in (
            log_model.objects.filter(revision_id__in=revision_ids, action__in=PUBLISH_ACTIONS)
            .select_related("user")
            .order_by("timestamp")
        ):
            entries[entry.revision_id] = entry
    revisions = Revision.objects.select_related("user").in_bulk(revision_ids) if revision_ids else {}
    finder = AdminURLFinder(user)
    rows = []
    for obj in content:
        entry = entries.get(obj.live_revision_id)
        if entry is not None:
            by = _name(entry.user) or "no user (a script or the scheduler)"
            when = entry.timestamp
        else:
            revision = revisions.get(obj.live_revision_id)
            author = _name(revision.user) if revision else ""
            by = f"not logged (revision by {author})" if author else "not logged (a script)"
            when = obj.last_published_at
        specific = getattr(obj, "specific", obj)
        rows.append(
            UnreviewedRow(
                title=_title(specific),
                kind=specific._meta.verbose_name,
                edit_url=finder.get_edit_url(specific),
                published_by=by,
                published_at=when,
            )
        )
    rows.sort(key=lambda row: row.published_at or datetime.datetime.min.replace(tzinfo=datetime.UTC), reverse=True)
    return rows


def _title(obj: Model) -> str:
    locale = getattr(obj, "locale", None)
    text = str(obj.title if isinstance(obj, Page) else obj)
    return f"{text} ({locale.language_code})" if locale is not None and "(" not in text else text


class PublishedWithoutReviewReport(WagtailAdminTemplateMixin, TemplateView):
    template_name = "network/published_without_review.html"
    page_title = "Published without medical review"
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not can_see_review_dashboard(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = published_without_review_rows(user=self.request.user)
        return context
