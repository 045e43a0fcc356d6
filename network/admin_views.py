"""Admin views of medical review: the reviewer's desk (the "Medical review" dashboard), what
changed since the last approval, and the unreviewed-content report; plus the history and
comparison views of reviewed content opened to reviewers."""

import datetime
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.panels import get_edit_handler
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import RevisionsCompareView as GenericRevisionsCompareView
from wagtail.admin.views.pages.history import PageHistoryView
from wagtail.admin.views.pages.revisions import RevisionsCompareView as PageRevisionsCompareView
from wagtail.models import Page, Revision, TaskState
from wagtail.snippets.views.snippets import HistoryView as SnippetHistoryView
from wagtail.snippets.views.snippets import RevisionsCompareView as SnippetRevisionsCompareView

from .models import MedicalReview, MedicalReviewTask, ReviewSettings
from .review import (
    STATUS_DUE_SOON,
    ReviewedContent,
    approvals_due,
    approved_recently_by,
    awaiting_review,
    decision_summary,
    is_active_reviewer,
    last_approval_of,
    last_change_request_of,
    published_without_review,
    reach_of,
    review_status,
    today,
    user_name,
)


@dataclass
class Row:
    title: str
    kind: str
    url: str | None
    detail: str
    when: datetime.date | datetime.datetime | None
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class AwaitingRow:
    title: str
    kind: str
    url: str | None
    submitted_at: datetime.datetime
    submitted_by: str
    resubmission: bool
    previous_comment: str
    changes_url: str
    history_url: str | None
    actions: list[tuple[str, str, str]]


def _describe(content: Model | None, finder: AdminURLFinder | None) -> tuple[str, str, str | None]:
    """Title, kind and edit URL (the finder asks the user's permission; without one: the URL)."""
    if content is None:
        return "(deleted)", "", None
    specific = getattr(content, "specific", content)
    locale = getattr(specific, "locale", None)
    title = f"{specific} ({locale.language_code})" if locale is not None and "(" not in str(specific) else str(specific)
    url = finder.get_edit_url(specific) if finder else reverse(_url_name(specific, "edit"), args=(quote(specific.pk),))
    return title, str(specific._meta.verbose_name), url


def contents_of(revisions: list[Revision]) -> dict[tuple[int, str], Model]:
    """The specific object of each revision, by ``(content_type_id, object_id)``: a query per
    content type, not per revision (``revision.content_object`` reads each alone)."""
    by_type: dict[int, set[str]] = {}
    for revision in revisions:
        by_type.setdefault(revision.content_type_id, set()).add(revision.object_id)
    found: dict[tuple[int, str], Model] = {}
    for content_type_id, object_ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:  # its app was removed
            continue
        objects = model._default_manager.filter(pk__in=object_ids)
        if any(field.name == "locale" for field in model._meta.get_fields()):
            objects = objects.select_related("locale")  # each row's title names its locale
        for obj in objects:
            found[(content_type_id, str(obj.pk))] = obj
    return found


def last_change_requests_of(revisions: list[Revision]) -> dict[tuple[int, str], MedicalReview]:
    """``last_change_request_of`` for every revision's object at once, by ``(base_content_type_id, object_id)``."""
    if not revisions:
        return {}
    objects = Q()
    for revision in revisions:
        objects |= Q(base_content_type_id=revision.base_content_type_id, object_id=revision.object_id)
    latest: dict[tuple[int, str], MedicalReview] = {}
    for review in MedicalReview.objects.filter(objects, decision=MedicalReview.REJECTED).order_by("reviewed_at", "pk"):
        latest[(review.base_content_type_id, review.object_id)] = review
    return latest


def _url_name(content: ReviewedContent, view_name: str) -> str:
    """The admin URL name of one of the object's views: pages share Wagtail's, snippets have their viewset's."""
    if isinstance(content, Page):
        return f"wagtailadmin_pages:{view_name}"
    return content.snippet_viewset.get_url_name(view_name)


def history_url_of(content: Model) -> str | None:
    try:
        return reverse(_url_name(content, "history"), args=(quote(content.pk),))
    except AttributeError:  # not registered in the admin
        return None


def compare_url_of(content: Model, *, revision_a, revision_b) -> str:
    return reverse(_url_name(content, "revisions_compare"), args=(quote(content.pk), revision_a, revision_b))


def changes_url(*, task_state: TaskState) -> str:
    return reverse("medical_review_changes", args=(task_state.pk,))


def decided_url(*, task_state: TaskState) -> str:
    """The reviewer's desk, told which decision to report."""
    return f"{reverse('medical_review_dashboard')}?decided={task_state.pk}"


def can_see_review_dashboard(user) -> bool:
    return user.is_superuser or is_active_reviewer(user)


class MedicalReviewDashboard(WagtailAdminTemplateMixin, TemplateView):
    """The reviewer's desk: awaiting review (with what changed and what came before), due soon,
    overdue, published without review, and what the reviewer approved recently."""

    template_name = "network/medical_review_dashboard.html"
    page_title = "Medical review"
    header_icon = "doc-full-inverse"
    sections = ("awaiting", "recent", "due_soon", "overdue", "unreviewed")

    def dispatch(self, request, *args, **kwargs):
        if not can_see_review_dashboard(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        # Without an item of its own, Wagtail's header shows the last breadcrumb ("Home") as the title.
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        decided = request.GET.get("decided", "")
        if decided:
            self.report_decision(decided)
            return redirect("medical_review_dashboard")
        return super().get(request, *args, **kwargs)

    def report_decision(self, task_state_id: str) -> None:
        """Tell the reviewer what their decision did, as recorded (only their own decisions)."""
        if not task_state_id.isdigit():
            return
        task_state = TaskState.objects.filter(pk=int(task_state_id), finished_by=self.request.user).first()
        summary = decision_summary(task_state=task_state) if task_state else None
        if summary:
            messages.success(self.request, summary)

    def awaiting_rows(self, finder: AdminURLFinder) -> list[AwaitingRow]:
        """One row per submission awaiting review: read together (its content, the change
        requests before it, its task), a few queries whatever the number of rows."""
        task_states = list(awaiting_review())
        contents = contents_of([task_state.revision for task_state in task_states])
        change_requests = last_change_requests_of([task_state.revision for task_state in task_states])
        tasks = {task.pk: task for task in MedicalReviewTask.objects.filter(pk__in={t.task_id for t in task_states})}
        rows = []
        for task_state in task_states:
            revision = task_state.revision
            content = contents.get((revision.content_type_id, revision.object_id))
            if content is None:
                continue
            task = tasks.get(task_state.task_id) or task_state.task.specific
            # The task opens its content's editor to its reviewers: no permission query per row.
            opened = task.user_can_access_editor(content, self.request.user)
            title, kind, url = _describe(content, None if opened else finder)
            change_request = change_requests.get((revision.base_content_type_id, revision.object_id))
            actions = []
            for name, label, _modal in task.get_actions(content, self.request.user):
                action_url = reverse(
                    _url_name(content, "workflow_action"), args=(quote(content.pk), name, task_state.pk)
                )
                actions.append((name, label, action_url))
            rows.append(
                AwaitingRow(
                    title=title,
                    kind=kind,
                    url=url,
                    submitted_at=task_state.started_at,
                    submitted_by=user_name(task_state.workflow_state.requested_by),
                    resubmission=change_request is not None,
                    previous_comment=change_request.comment if change_request else "",
                    changes_url=changes_url(task_state=task_state),
                    history_url=history_url_of(content),
                    actions=actions,
                )
            )
        return rows

    def recent_rows(self, finder: AdminURLFinder) -> list[Row]:
        reviewer = MedicalReviewTask.reviewer_of(self.request.user)
        if reviewer is None:
            return []
        rows = []
        for approval in approved_recently_by(reviewer=reviewer):
            content = approval.revision.content_object
            title, kind, url = _describe(content, finder)
            links = []
            if content is not None and (history := history_url_of(getattr(content, "specific", content))):
                links.append(("History", history))
            rows.append(
                Row(
                    title,
                    kind,
                    url,
                    f"next review due {approval.next_review_due:%Y-%m-%d}",
                    approval.reviewed_at,
                    links,
                )
            )
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        finder = AdminURLFinder(self.request.user)
        review_settings = ReviewSettings.load()
        on = today()
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
        only = self.kwargs.get("only")
        sections = [s for s in self.sections if only in (None, s)]
        context.update(
            awaiting=self.awaiting_rows(finder) if "awaiting" in sections else [],
            recent=self.recent_rows(finder) if "recent" in sections else [],
            due_soon=due_soon,
            overdue=overdue,
            unreviewed=unreviewed,
            serve_overdue=review_settings.serve_overdue,
            sections=sections,
        )
        return context


class ChangesSinceApprovalView(WagtailAdminTemplateMixin, TemplateView):
    """What changed since the last approval: the latest approved revision of the object against the
    one submitted for medical review. New content (never approved) is compared with an empty one,
    so that everything in it shows as new."""

    template_name = "network/changes_since_approval.html"
    page_title = "What changed since the last approval"
    header_icon = "doc-empty-inverse"

    def dispatch(self, request, *args, task_state_id, **kwargs):
        if not can_see_review_dashboard(request.user):
            raise PermissionDenied
        self.task_state = get_object_or_404(TaskState.objects.select_related("revision"), pk=task_state_id)
        content = self.task_state.revision.content_object
        if content is None:
            raise Http404
        self.object = getattr(content, "specific", content)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("medical_review_dashboard"), "label": "Medical review"},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def comparison(self, before, after) -> list:
        """Wagtail's own field comparisons (as its revisions compare view builds them)."""
        edit_handler = (
            self.object.get_edit_handler() if isinstance(self.object, Page) else get_edit_handler(type(self.object))
        )
        panel = edit_handler.get_bound_panel(instance=self.object, request=self.request, form=None)
        return [diff for compare in panel.get_comparison() if (diff := compare(before, after)).has_changed()]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submitted: Revision = self.task_state.revision
        approval = last_approval_of(revision=submitted)
        after = submitted.as_object()
        before = approval.revision.as_object() if approval else type(self.object)()
        context.update(
            object=self.object,
            task_state=self.task_state,
            submitted=submitted,
            submitted_by=user_name(self.task_state.workflow_state.requested_by),
            approval=approval,
            is_new=approval is None,
            comparison=self.comparison(before, after),
            change_request=last_change_request_of(revision=submitted),
            history_url=history_url_of(self.object),
            reach=reach_of(content=after),
            full_compare_url=compare_url_of(self.object, revision_a=approval.revision_id, revision_b=submitted.pk)
            if approval
            else None,
            in_progress=self.task_state.status == TaskState.STATUS_IN_PROGRESS,
        )
        return context


class OpenToMedicalReviewers:
    """History and comparisons are read-only: active medical reviewers may open them for any
    reviewed content (content whose model says ``requires_medical_review``), whatever their
    editing permissions."""

    model: type[Model]  # set by the view this is mixed into
    request: HttpRequest

    def opened_to_reviewer(self, obj=None) -> bool:
        model = type(obj) if obj is not None else self.model
        return bool(getattr(model, "requires_medical_review", False)) and is_active_reviewer(self.request.user)


class ReviewerPageHistoryView(OpenToMedicalReviewers, PageHistoryView):
    def user_has_any_permission(self, permissions):
        # Wagtail asks for some add, change or delete permission on pages in general first.
        return self.opened_to_reviewer(self.object) or super().user_has_any_permission(permissions)

    def get_object(self):
        page = get_object_or_404(Page, id=self.pk).specific
        if self.opened_to_reviewer(page):
            return page
        return super().get_object()


class ReviewerPageRevisionsCompareView(OpenToMedicalReviewers, PageRevisionsCompareView):
    def dispatch(self, request, *args, **kwargs):
        # Wagtail's page compare view first demands some page permission (a decorator on its
        # dispatch); reviewers hold none, so for them the dispatch above it runs instead. On
        # upgrade, check that PageRevisionsCompareView.dispatch still only adds that check:
        # tests/admin/test_reviewer_desk.py opens the comparison as a reviewer.
        if self.opened_to_reviewer(self.object):
            return GenericRevisionsCompareView.dispatch(self, request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        page = get_object_or_404(Page, id=self.pk).specific
        if self.opened_to_reviewer(page):
            return page
        return super().get_object(queryset)


class ReviewerSnippetHistoryView(OpenToMedicalReviewers, SnippetHistoryView):
    def user_has_any_permission(self, permissions):
        return self.opened_to_reviewer() or super().user_has_any_permission(permissions)


class ReviewerSnippetRevisionsCompareView(OpenToMedicalReviewers, SnippetRevisionsCompareView):
    def user_has_permission(self, permission):
        return (permission == "change" and self.opened_to_reviewer()) or super().user_has_permission(permission)
