"""Admin registration: disclaimers, medical reviewers, the review dashboard and report, audit log actions."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import MedicalReviewDashboard, PublishedWithoutReviewReport, can_see_review_dashboard
from .models import Disclaimer, MedicalReviewer
from .translation import untranslated_parts
from .translation_views import CompareWithSourceView, TranslatePageView, TranslateSnippetView


class DisclaimerViewSet(SnippetViewSet):
    model = Disclaimer
    icon = "warning"
    menu_label = "Disclaimers"
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["title", "locale", "live"]
    list_filter = ["locale", "live"]
    search_fields = ["title"]


register_snippet(DisclaimerViewSet)


@hooks.register("register_log_actions")
def register_medical_review_actions(actions):
    def approval_message(data):
        return f"Medically approved by {data['reviewer']}, {data['credentials']}; next review due {data['next_review_due']}"

    def rejection_message(data):
        return f"Changes requested in medical review by {data['reviewer']}, {data['credentials']}"

    actions.register_action("network.medical_review.approve", "Medical review: approved", approval_message)
    actions.register_action("network.medical_review.reject", "Medical review: changes requested", rejection_message)


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
            "reports/published-without-review/",
            PublishedWithoutReviewReport.as_view(),
            name="published_without_review",
        ),
    ]


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_review_dashboard(request.user)


@hooks.register("register_admin_menu_item")
def register_review_dashboard_menu_item():
    return ReviewMenuItem(
        "Medical review", reverse("medical_review_dashboard"), icon_name="doc-full-inverse", order=150
    )


@hooks.register("register_reports_menu_item")
def register_unreviewed_report_menu_item():
    return ReviewMenuItem(
        "Published without medical review", reverse("published_without_review"), icon_name="warning", order=50
    )


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
