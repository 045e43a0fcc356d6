"""The editor and reviewer journey through the real Wagtail admin views, and what the API shows."""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from articles.models import ArticlePage
from network.models import MedicalReview, SharedLibraryPage
from tests.admin_forms import article_form_data
from tests.factories import approval_data
from tests.network.conftest import logged_in

pytestmark = pytest.mark.django_db

SLUG = "breathing-exercises-before-an-infusion"
API_PATH = f"/api/v1/clinics/peoria/articles/{SLUG}/"


def library():
    return SharedLibraryPage.objects.get(locale__language_code="en")


def workflow_action_url(page, action, task_state):
    return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def test_editor_reviewer_journey(editor, reviewer, network_api):
    editor_client, reviewer_client = logged_in(editor), logged_in(reviewer)
    add_url = reverse("wagtailadmin_pages:add", args=("articles", "articlepage", library().pk))

    # The editor writes an article and submits it for medical review.
    data = article_form_data(title="Breathing exercises before an infusion", slug=SLUG, **{"action-submit": "1"})
    response = editor_client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ArticlePage.objects.get(slug=SLUG)
    assert page.workflow_in_progress
    assert not page.live
    assert network_api.get(API_PATH).status_code == 404

    # Under review, the editor cannot change it.
    locked = editor_client.post(edit_url(page), article_form_data(title="Sneaky change", slug=SLUG))
    assert ArticlePage.objects.get(pk=page.pk).get_latest_revision().as_object().title != "Sneaky change"
    assert locked.status_code in (200, 302, 403)

    # The reviewer requests changes with a comment; the article stays unpublished.
    task_state = page.current_workflow_task_state
    response = reviewer_client.post(
        workflow_action_url(page, "reject", task_state), {"comment": "Please cite the FDA label for esketamine."}
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.current_workflow_state.status == "needs_changes"
    rejection = MedicalReview.objects.get(revision=task_state.revision)
    assert rejection.decision == MedicalReview.REJECTED
    assert rejection.comment == "Please cite the FDA label for esketamine."
    assert network_api.get(API_PATH).status_code == 404
    history = editor_client.get(reverse("wagtailadmin_pages:history", args=(page.pk,)))
    assert "Please cite the FDA label for esketamine." in history.content.decode()

    # The editor edits and resubmits.
    data = article_form_data(
        title="Breathing exercises before an infusion (revised)", slug=SLUG, **{"action-submit": "1"}
    )
    response = editor_client.post(edit_url(page), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.current_workflow_state.status == "in_progress"

    # The reviewer approves; the approved revision is published and served with its review.
    task_state = page.current_workflow_task_state
    response = reviewer_client.post(
        workflow_action_url(page, "approve", task_state), approval_data(task_state, "Accurate.")
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert page.live_revision_id == task_state.revision_id
    served = network_api.get(API_PATH).json()
    assert served["title"] == "Breathing exercises before an infusion (revised)"
    review = served["medical_review"]
    assert review["reviewed_by"] == {
        "name": "Dr. Jordan Sample",
        "credentials": "MD",
        "job_title": "Network Medical Director",
    }
    assert review["status"] == "current"

    # A later edit is saved as a draft and changes nothing the API serves until it is approved.
    response = editor_client.post(edit_url(page), article_form_data(title="A later edit", slug=SLUG))
    assert response.status_code == 302
    assert network_api.get(API_PATH).json()["title"] == "Breathing exercises before an infusion (revised)"
    response = editor_client.post(
        edit_url(page), article_form_data(title="A later edit", slug=SLUG, **{"action-submit": "1"})
    )
    assert response.status_code == 302
    assert network_api.get(API_PATH).json()["title"] == "Breathing exercises before an infusion (revised)"
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    reviewer_client.post(workflow_action_url(page, "approve", task_state), approval_data(task_state))
    assert network_api.get(API_PATH).json()["title"] == "A later edit"

    # Every submit, approval, rejection and publish is in the audit log with its revision.
    entries = PageLogEntry.objects.filter(page=page)
    actions = list(entries.values_list("action", flat=True))
    for action in (
        "wagtail.workflow.start",
        "wagtail.workflow.reject",
        "network.medical_review.reject",
        "wagtail.workflow.approve",
        "network.medical_review.approve",
        "wagtail.publish",
    ):
        assert action in actions, action
    for entry in entries.filter(action__in=["wagtail.workflow.approve", "wagtail.workflow.reject", "wagtail.publish"]):
        assert entry.revision_id is not None, entry.action
