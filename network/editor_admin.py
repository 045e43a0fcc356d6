"""What editors see of medical review in the admin (besides the edit view's
``network.review_panels.ReviewStatusPanel``): review columns in page and snippet listings, the explorer of the shared library and clinic
trees, and one "Resubmit" action where a reviewer requested changes."""

import functools

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from wagtail.admin import action_menu as page_action_menu
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.create import CreateView as PageCreateView
from wagtail.admin.views.pages.edit import EditView as PageEditView
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.views.pages.revisions import RevisionsRevertView as PageRevisionsRevertView
from wagtail.admin.views.pages.workflow import CollectWorkflowActionDataView as PageCollectWorkflowActionDataView
from wagtail.admin.views.pages.workflow import WorkflowActionView as PageWorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, WorkflowState
from wagtail.snippets import action_menu as snippet_action_menu
from wagtail.snippets.views.snippets import CollectWorkflowActionDataView as SnippetCollectWorkflowActionDataView
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import WorkflowActionView as SnippetWorkflowActionView

from .admin_views import ReviewerPageHistoryView, ReviewerPageRevisionsCompareView
from .publishing import NoPublishAroundReview, RefusePublishMessage, requires_medical_review
from .review_forms import WORKFLOW_DATA_REFUSED, ApprovalForm, workflow_action_data_is_valid
from .review_state import review_states_for

SUBMIT_LABEL = "Submit for medical review"
RESUBMIT_LABEL = "Resubmit for medical review"


def attach_review_states(objects) -> None:
    """Give each object of a listing page its ``review_state``: a few queries per model, none per row."""
    by_model: dict = {}
    for obj in objects:
        model = type(obj)
        if requires_medical_review(model) or (not isinstance(obj, Page) and hasattr(obj, "live_revision_id")):
            by_model.setdefault(model, []).append(obj)
    for model, members in by_model.items():
        states = review_states_for(model=model, ids=[obj.pk for obj in members])
        for obj in members:
            obj.review_state = states.get(obj.pk)


class ReviewStatusColumn(Column):
    cell_template_name = "network/listing/review_status_cell.html"

    def __init__(self, name="review_status", **kwargs):
        kwargs.setdefault("label", "Medical review")
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        return getattr(instance, "review_state", None)


class NextReviewDueColumn(Column):
    def __init__(self, name="next_review_due", **kwargs):
        kwargs.setdefault("label", "Next review due")
        kwargs.setdefault("width", "12%")
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        state = getattr(instance, "review_state", None)
        due = state.next_review_due if state else None
        return due.strftime("%-d %b %Y") if due else ""


class ReviewStatesInListing:
    """An index view whose rows carry their review state for the review columns."""

    def get_table(self, object_list):
        attach_review_states(list(object_list))
        return super().get_table(object_list)


class ReviewedExplorerView(ReviewStatesInListing, ExplorableIndexView):
    """The explorer of the shared library and of each clinic's tree: review columns, and no
    "no site record" warning where a tree has no Site by design (the library is headless)."""

    results_template_name = "network/pages/explorable_index_results.html"


class CheckedDecisionData:
    """Edit views: a "save and decide" POST whose decision data is not what the decision's form
    accepts is refused with a message, nothing saved or decided (instead of Wagtail's 500). On
    upgrade, check that the edit views still ``json.loads`` ``workflow-action-extra-data`` into
    ``on_action``'s keyword arguments: tests/admin/test_adversarial_admin.py posts bad data."""

    def post(self, request, *args, **kwargs):
        if request.POST.get("action-workflow-action"):
            content = getattr(self, "page", None) or self.object
            if not workflow_action_data_is_valid(
                task=content.current_workflow_task,
                task_state=content.current_workflow_task_state,
                action_name=request.POST.get("workflow-action-name", ""),
                raw=request.POST.get("workflow-action-extra-data", "{}"),
            ):
                messages.error(request, WORKFLOW_DATA_REFUSED)
                return redirect(request.get_full_path())
        return super().post(request, *args, **kwargs)


class TaskStateOfThisObject:
    """The workflow action view (the approve and request-changes modals and their POST) acts only
    on a task state of the object in its URL: Wagtail's looks the task state up by id alone, so
    a URL naming one article and another's task state showed the first in the confirmation and
    approved the second."""

    def get_task_state(self):
        task_state = super().get_task_state()
        if not self.object.workflow_states.filter(pk=task_state.workflow_state_id).exists():
            raise Http404("This review is not of this content.")
        return task_state


class ApprovalFormOfThisTaskState:
    """The approve step's form knows the revision under review, so that it asks for a comment on
    each of its high-severity claim flags (Wagtail builds the action's form without arguments)."""

    def get_form_class(self):
        form_class = super().get_form_class()
        if form_class is ApprovalForm:
            return functools.partial(ApprovalForm, task_state=self.task_state)
        return form_class


class ReviewedPageWorkflowActionView(TaskStateOfThisObject, ApprovalFormOfThisTaskState, PageWorkflowActionView):
    pass


class ReviewedPageCollectWorkflowActionDataView(
    TaskStateOfThisObject, ApprovalFormOfThisTaskState, PageCollectWorkflowActionDataView
):
    pass


class ReviewedSnippetWorkflowActionView(TaskStateOfThisObject, ApprovalFormOfThisTaskState, SnippetWorkflowActionView):
    pass


class ReviewedSnippetCollectWorkflowActionDataView(
    TaskStateOfThisObject, ApprovalFormOfThisTaskState, SnippetCollectWorkflowActionDataView
):
    pass


class ReviewedPageEditView(CheckedDecisionData, RefusePublishMessage, PageEditView):
    pass


class ReviewedPageCreateView(RefusePublishMessage, PageCreateView):
    pass


class ReviewedPageRevisionsRevertView(CheckedDecisionData, RefusePublishMessage, PageRevisionsRevertView):
    pass


class ReviewedPageViewSet(PageViewSet):
    """The admin of a reviewed page type; its listing is the explorer of its parents (the shared
    library and clinic homes: Wagtail's ``PageViewSet.parent_models``)."""

    index_view_class = ReviewedExplorerView
    edit_view_class = ReviewedPageEditView
    add_view_class = ReviewedPageCreateView
    revisions_revert_view_class = ReviewedPageRevisionsRevertView
    workflow_action_view_class = ReviewedPageWorkflowActionView
    collect_workflow_action_data_view_class = ReviewedPageCollectWorkflowActionDataView
    # History and comparisons, read-only, open to medical reviewers too.
    history_view_class = ReviewerPageHistoryView
    revisions_compare_view_class = ReviewerPageRevisionsCompareView

    columns = [
        *(column for column in ExplorableIndexView.base_columns if column.name != "type"),
        ReviewStatusColumn(),
        NextReviewDueColumn(),
    ]


class ReviewedSnippetIndexView(ReviewStatesInListing, SnippetIndexView):
    pass


class ReviewedSnippetCreateView(NoPublishAroundReview, SnippetCreateView):
    pass


class ReviewedSnippetEditView(CheckedDecisionData, NoPublishAroundReview, SnippetEditView):
    pass


class ServedSnippetIndexView(ReviewStatesInListing, SnippetIndexView):
    """Listing of snippets that are served once published (contact blocks)."""


# Action menus ---------------------------------------------------------------------------------


class ResubmitPageMenuItem(page_action_menu.SubmitForModerationMenuItem):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["label"] = RESUBMIT_LABEL if _needs_changes(parent_context.get("page")) else SUBMIT_LABEL
        return context


class ResubmitSnippetMenuItem(snippet_action_menu.SubmitForModerationMenuItem):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["label"] = RESUBMIT_LABEL if _needs_changes(parent_context.get("instance")) else SUBMIT_LABEL
        return context


def _needs_changes(content) -> bool:
    if content is None or not content.pk:
        return False
    state = content.current_workflow_state
    return state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES


def review_action_menu(menu_items: list, *, content, reviewed: bool, resubmit_item_class) -> None:
    """The action menu of reviewed content: no Publish; "Submit for medical review"; and where a
    reviewer requested changes, one "Resubmit for medical review" first instead of Wagtail's
    Cancel workflow / Restart workflow / Resubmit trio."""
    if not reviewed:
        return
    needs_changes = _needs_changes(content)
    dropped = {"action-publish"}
    if needs_changes:
        dropped |= {"action-cancel-workflow", "action-restart-workflow"}
    kept = []
    for item in menu_items:
        if item.name in dropped:
            continue
        if item.name == "action-submit":
            item = resubmit_item_class(order=-1 if needs_changes else item.order)
        kept.append(item)
    kept.sort(key=lambda item: item.order)
    menu_items[:] = kept
