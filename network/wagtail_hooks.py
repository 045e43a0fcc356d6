"""Admin registration: disclaimers, medical reviewers, the review dashboard and report, audit log actions."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_reports import PublishedWithoutReviewReport
from .admin_views import MedicalReviewDashboard, can_see_review_dashboard
from .editor_admin import (
    NextReviewDueColumn,
    ResubmitPageMenuItem,
    ResubmitSnippetMenuItem,
    ReviewedSnippetCreateView,
    ReviewedSnippetEditView,
    ReviewedSnippetIndexView,
    ReviewStatusColumn,
    review_action_menu,
)
from .models import Disclaimer, MedicalReviewer
from .publishing import only_reviewed_children, requires_medical_review


class DisclaimerViewSet(SnippetViewSet):
    model = Disclaimer
    icon = "warning"
    menu_label = "Disclaimers"
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["title", "locale", ReviewStatusColumn(), NextReviewDueColumn()]
    list_filter = ["locale", "live"]
    search_fields = ["title"]
    index_view_class = ReviewedSnippetIndexView
    add_view_class = ReviewedSnippetCreateView
    edit_view_class = ReviewedSnippetEditView  # also the base of its revisions revert view

    def get_queryset(self, request):
        return Disclaimer.objects.select_related("locale")  # its title names the locale: no query per row


register_snippet(DisclaimerViewSet)


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
