"""What a medical reviewer's two decisions do in the admin, for the workflow task's Wagtail API
(``MedicalReviewTask.get_form_for_action``, ``get_template_for_action``, ``on_action``): the modal
form and template of each, recording the review of the exact revision, and the reviewer's desk to
go back to.

It sits above the models: it uses the review service (``network.review``) and the admin
(``network.admin_views``), which import the models. ``NetworkConfig.ready()`` connects this module
to the task (``MedicalReviewTask.connect_decisions``), so no model module imports either.
"""

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.models import Task, TaskState

from .admin_views import decided_url
from .models import MedicalReview, MedicalReviewTask
from .review import record_review
from .review_flags import FIELD_PREFIX, acknowledgements_for
from .review_forms import ApprovalForm, RequestChangesForm


def form_for(*, action: str) -> type[forms.Form]:
    return RequestChangesForm if action == MedicalReviewTask.REQUEST_CHANGES else ApprovalForm


def template_for(*, action: str) -> str:
    if action == MedicalReviewTask.APPROVE:
        return "network/workflow/approve_modal.html"
    return "network/workflow/request_changes_modal.html"


@transaction.atomic
def decide(*, task: MedicalReviewTask, task_state: TaskState, user: Any, action_name: str, **kwargs: Any) -> str:
    """Record the decision and hand the reviewer back to their desk.

    The task state is re-read under a row lock: a second submit of the same decision (a double
    click, a second tab, a retry) finds it decided and records nothing, instead of a second
    ``MedicalReview`` and a second publish. The returned URL is where Wagtail's workflow action
    view redirects (``WorkflowAction.post`` uses ``on_action(...) or redirect_url``; on upgrade,
    check it still does: tests/admin/test_reviewer_desk.py fails if not).
    """
    reviewer = task.reviewer_of(user)
    if reviewer is None or action_name not in {task.APPROVE, task.REQUEST_CHANGES}:
        raise PermissionDenied("Only an active medical reviewer can approve or request changes.")
    current = TaskState.objects.select_for_update().get(pk=task_state.pk)
    if current.status != TaskState.STATUS_IN_PROGRESS:
        return decided_url(task_state=current)
    comment = (kwargs.pop("comment", "") or "").strip()
    answers = {name: kwargs.pop(name) for name in list(kwargs) if name.startswith(FIELD_PREFIX)}
    if action_name == task.REQUEST_CHANGES and not comment:
        raise PermissionDenied("A request for changes needs a comment that says what to change.")
    decision = MedicalReview.APPROVED if action_name == task.APPROVE else MedicalReview.REJECTED
    # An approval answers every high-severity claim flag of the revision, or records nothing
    # (UnacknowledgedFlags); the approve form asks for each, this holds for every other caller.
    acknowledged = (
        acknowledgements_for(revision=current.revision, comments=answers) if decision == MedicalReview.APPROVED else []
    )
    record_review(
        task_state=task_state, reviewer=reviewer, decision=decision, comment=comment, acknowledged_flags=acknowledged
    )
    # Wagtail's own step: approve or reject the task state, which moves the workflow on (and, at
    # its end, network.workflow_actions publishes the approved revision).
    Task.on_action(task, task_state, user, action_name, comment=comment, **kwargs)
    return decided_url(task_state=task_state)
