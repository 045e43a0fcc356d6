"""Admin registration: disclaimers, medical reviewers, the reviewer's desk (dashboard, changes
since approval, decision redirects, menu count, home panel), and audit log messages."""

from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_reports import PublishedWithoutReviewReport
from .admin_views import (
    ChangesSinceApprovalView,
    MedicalReviewDashboard,
    ReviewerSnippetHistoryView,
    ReviewerSnippetRevisionsCompareView,
    can_see_review_dashboard,
    decided_url,
)
from .editor_admin import (
    NextReviewDueColumn,
    ResubmitPageMenuItem,
    ResubmitSnippetMenuItem,
    ReviewedSnippetCollectWorkflowActionDataView,
    ReviewedSnippetCreateView,
    ReviewedSnippetEditView,
    ReviewedSnippetIndexView,
    ReviewedSnippetWorkflowActionView,
    ReviewStatusColumn,
    review_action_menu,
)
from .log_formatters import formatter_of
from .models import Disclaimer, MedicalReviewer
from .preview import PREVIEW_ACTION
from .publishing import only_reviewed_children, requires_medical_review
from .review import awaiting_review, format_day, is_active_reviewer, last_decided_by
from .translation import untranslated_parts
from .translation_views import CompareWithSourceView, TranslatePageView, TranslateSnippetView


class DisclaimerViewSet(SnippetViewSet):
    model = Disclaimer
    icon = "warning"
    menu_label = "Disclaimers"
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["title", "locale", ReviewStatusColumn(), NextReviewDueColumn()]
    list_filter = ["locale", "live"]
    search_fields = ["title"]
    history_view_class = ReviewerSnippetHistoryView
    revisions_compare_view_class = ReviewerSnippetRevisionsCompareView
    index_view_class = ReviewedSnippetIndexView
    add_view_class = ReviewedSnippetCreateView
    edit_view_class = ReviewedSnippetEditView  # also the base of its revisions revert view
    workflow_action_view_class = ReviewedSnippetWorkflowActionView
    collect_workflow_action_data_view_class = ReviewedSnippetCollectWorkflowActionDataView

    def get_queryset(self, request):
        return Disclaimer.objects.select_related("locale")  # its title names the locale: no query per row


register_snippet(DisclaimerViewSet)


class MedicalApprovalFormatter(LogFormatter):
    label = "Medical review: approved"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        due = data.get("next_review_due")
        due_text = format_day(_parse_day(due)) if due else "not set"
        return f"Medically approved by {data.get('reviewer', 'unknown')}, {data.get('credentials', '')}; next review due {due_text}"

    def format_comment(self, log_entry):
        """The reviewer's comment, then each claim flag they acknowledged with their answer."""
        data = log_entry.data or {}
        lines = [data.get("comment", "")] if data.get("comment") else []
        for flag in data.get("acknowledged_flags") or []:
            said = f"“{flag.get('sentence')}”" if flag.get("sentence") else "the whole article"
            category = str(flag.get("category", "")).replace("_", " ")
            lines.append(f"Acknowledged {category} flag ({flag.get('where', '')}) {said}: {flag.get('comment', '')}")
        return "\n".join(lines)


class MedicalChangesRequestedFormatter(LogFormatter):
    label = "Medical review: changes requested"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return (
            f"Changes requested in medical review by {data.get('reviewer', 'unknown')}, {data.get('credentials', '')}"
        )

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("comment", "")


def _parse_day(value: str):
    import datetime

    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@hooks.register("construct_page_action_menu")
def page_action_menu_without_publish(menu_items, request, context):
    page, parent = context.get("page"), context.get("parent_page")
    if page is not None:
        reviewed = requires_medical_review(page.specific_class)
    else:
        reviewed = parent is not None and only_reviewed_children(parent.specific_class)
    review_action_menu(menu_items, content=page, reviewed=reviewed, resubmit_item_class=ResubmitPageMenuItem)


@hooks.register("construct_snippet_action_menu")
def snippet_action_menu_without_publish(menu_items, request, context):
    review_action_menu(
        menu_items,
        content=context.get("instance"),
        reviewed=requires_medical_review(context.get("model")),
        resubmit_item_class=ResubmitSnippetMenuItem,
    )


@hooks.register("register_log_actions")
def register_medical_review_actions(actions):
    actions.register_action("network.medical_review.approve")(MedicalApprovalFormatter)
    actions.register_action("network.medical_review.reject")(MedicalChangesRequestedFormatter)
    actions.register_action(PREVIEW_ACTION)(
        formatter_of(
            "Previewed in a clinic's website",
            lambda data: f"Previewed revision {data['revision']} as {data['clinic']} shows it ({data['locale']})",
        )
    )


class MedicalReviewerViewSet(ModelViewSet):
    model = MedicalReviewer
    icon = "user"
    menu_label = "Medical reviewers"
    add_to_settings_menu = True
    list_display = ["display_name", "credentials", "specialty", "is_active"]
    search_fields = ["display_name"]
    form_fields = ["user", "display_name", "credentials", "job_title", "specialty", "npi", "is_active"]


reviewer_viewset = MedicalReviewerViewSet("medical_reviewers")


@hooks.register("register_admin_viewset")
def register_reviewer_viewset():
    return reviewer_viewset


@hooks.register("register_admin_urls")
def register_review_urls():
    return [
        path("medical-review/", MedicalReviewDashboard.as_view(), name="medical_review_dashboard"),
        path(
            "medical-review/<int:task_state_id>/changes/",
            ChangesSinceApprovalView.as_view(),
            name="medical_review_changes",
        ),
        path(
            "reports/published-without-review/",
            PublishedWithoutReviewReport.as_view(),
            name="published_without_review",
        ),
    ]


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_review_dashboard(request.user)


class ReviewDeskMenuItem(ReviewMenuItem):
    """ "Medical review", with the number of submissions awaiting review when there are any."""

    def render_component(self, request):
        count = awaiting_review().count()
        label = f"{self.label} ({count})" if count else self.label
        return LinkMenuItem(self.name, label, self.url, icon_name=self.icon_name, classname=self.classname)


@hooks.register("register_admin_menu_item")
def register_review_dashboard_menu_item():
    return ReviewDeskMenuItem(
        "Medical review",
        reverse("medical_review_dashboard"),
        name="medical-review",
        icon_name="doc-full-inverse",
        order=150,
    )


@hooks.register("register_reports_menu_item")
def register_unreviewed_report_menu_item():
    return ReviewMenuItem(
        "Published without medical review", reverse("published_without_review"), icon_name="warning", order=50
    )


class AwaitingMedicalReviewPanel(Component):
    """On the admin home, for reviewers: how much awaits medical review, and the way to the desk."""

    name = "awaiting_medical_review"
    template_name = "network/home_awaiting_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        return {"count": awaiting_review().count(), "dashboard_url": reverse("medical_review_dashboard")}


@hooks.register("construct_homepage_panels")
def add_awaiting_medical_review_panel(request, panels):
    if is_active_reviewer(request.user):
        panels.insert(0, AwaitingMedicalReviewPanel())


def back_to_the_desk(request, content):
    """After a reviewer decides from the editor, they return to their desk: the content is no
    longer theirs to edit, and Wagtail's own redirect (the explorer) would be a permission error."""
    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return None
    if not is_active_reviewer(request.user):
        return None
    task_state = last_decided_by(content=content, user=request.user)
    return redirect(decided_url(task_state=task_state)) if task_state else None


@hooks.register("after_edit_page")
def reviewer_back_to_desk_after_page_decision(request, page):
    return back_to_the_desk(request, page)


@hooks.register("after_edit_snippet")
def reviewer_back_to_desk_after_snippet_decision(request, instance):
    return back_to_the_desk(request, instance)


@hooks.register("register_admin_urls", order=-1)
def register_translation_urls():
    """Translate (pages and snippets) at the very paths of wagtail.contrib.simple_translation's
    views, registered before its hook so that ours answer them; its buttons and
    ``reverse("simple_translation:...")`` lead here. On upgrade, check that its
    ``register_admin_urls`` still mounts "translation/submit/page/<page_id>/" and
    "translation/submit/snippet/<app_label>/<model_name>/<pk>/" under the admin:
    tests/admin/test_translation.py::test_translate_urls_are_answered_by_our_views fails if not."""
    return [
        path("translation/submit/page/<int:page_id>/", TranslatePageView.as_view(), name="translate_page"),
        path(
            "translation/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            TranslateSnippetView.as_view(),
            name="translate_snippet",
        ),
        path(
            "translation/compare/page/<int:page_id>/", CompareWithSourceView.as_view(), name="translation_compare_page"
        ),
        path(
            "translation/compare/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            CompareWithSourceView.as_view(),
            name="translation_compare_snippet",
        ),
    ]


@hooks.register("after_edit_page")
def warn_of_untranslated_parts_on_submission(request, page):
    """A translation submitted for review with parts that still read like the source: say so (the
    reviewer sees the same list); the submission stands, since identical text can be right."""
    if "action-submit" not in request.POST or not hasattr(page, "translated_fields"):
        return
    parts = untranslated_parts(content=page.get_latest_revision_as_object())
    if parts:
        listed = "; ".join(f"{part.where}: {part.problem}" for part in parts[:5])
        more = f"; and {len(parts) - 5} more" if len(parts) > 5 else ""
        messages.warning(
            request,
            f"Submitted with {len(parts)} part{'s' if len(parts) != 1 else ''} that may not be translated yet "
            f"(the medical reviewer sees them): {listed}{more}.",
        )
