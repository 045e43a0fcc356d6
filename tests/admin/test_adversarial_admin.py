"""Careless and hostile requests to the admin that the review gate must withstand: a decision
sent through a URL that names other content, and "save and decide" posts with broken decision
data."""

import json

import pytest
from django.urls import reverse

from articles.models import ArticlePage
from network.models import Disclaimer, MedicalReview
from network.review import submit_for_review
from tests.admin.test_editor_day import edit_form_data
from tests.factories import approval_data
from tests.network.conftest import logged_in

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def in_review(content, *, editor, title):
    content.title = title
    content.save_revision(user=editor)
    submit_for_review(content=content, user=editor)
    content.refresh_from_db()
    return content.current_workflow_task_state


def two_articles_in_review(editor):
    first, second = ArticlePage.objects.filter(locale__language_code="en").order_by("pk")[:2]
    return (
        (first, in_review(first, editor=editor, title="First, as submitted")),
        (second, in_review(second, editor=editor, title="Second, as submitted")),
    )


def test_an_approval_through_one_articles_url_with_anothers_review_decides_nothing(editor, reviewer):
    (first, first_review), (second, second_review) = two_articles_in_review(editor)
    url = reverse("wagtailadmin_pages:workflow_action", args=(first.pk, "approve", second_review.pk))
    client = logged_in(reviewer)

    assert client.get(url, **XHR).status_code == 404  # no confirmation naming the first for the second
    assert client.post(url, {"comment": "Looks right."}).status_code == 404

    assert not MedicalReview.objects.filter(revision__in=[first_review.revision, second_review.revision]).exists()
    second.refresh_from_db()
    assert second.current_workflow_task_state == second_review


def test_a_disclaimer_approval_with_an_articles_review_decides_nothing(editor, reviewer):
    (_, article_review), _ = two_articles_in_review(editor)
    disclaimer = Disclaimer.objects.filter(locale__language_code="en").first()
    disclaimer_review = in_review(disclaimer, editor=editor, title=f"{disclaimer.title} (new wording)")
    url = reverse(
        Disclaimer.snippet_viewset.get_url_name("workflow_action"), args=(disclaimer.pk, "approve", article_review.pk)
    )

    assert logged_in(reviewer).post(url, {"comment": ""}).status_code == 404

    assert not MedicalReview.objects.filter(revision__in=[article_review.revision, disclaimer_review.revision]).exists()


def test_the_approval_through_its_own_url_still_decides(editor, reviewer):
    (first, first_review), _ = two_articles_in_review(editor)
    url = reverse("wagtailadmin_pages:workflow_action", args=(first.pk, "approve", first_review.pk))

    assert logged_in(reviewer).post(url, approval_data(first_review)).status_code == 302

    assert MedicalReview.objects.filter(revision=first_review.revision, decision=MedicalReview.APPROVED).exists()


@pytest.mark.parametrize(
    "action, extra_data",
    [
        ("approve", "{not json"),
        ("approve", json.dumps(["a list"])),
        ("approve", json.dumps({"comment": "", "publish_now": True})),
        ("approve", json.dumps({"comment": 5})),
        ("reject", json.dumps({"comment": "   "})),
    ],
)
def test_save_and_decide_with_broken_decision_data_is_a_message_not_a_500(editor, reviewer, action, extra_data):
    (first, first_review), _ = two_articles_in_review(editor)
    data = edit_form_data(first, title="Edited by the reviewer")
    data.update(
        {"action-workflow-action": "1", "workflow-action-name": action, "workflow-action-extra-data": extra_data}
    )
    client = logged_in(reviewer)
    client.raise_request_exception = False

    response = client.post(reverse("wagtailadmin_pages:edit", args=(first.pk,)), data, follow=True)

    assert response.status_code == 200
    assert "Nothing was decided" in response.content.decode()
    assert not MedicalReview.objects.filter(revision=first_review.revision).exists()
    first.refresh_from_db()
    assert first.current_workflow_task_state == first_review
    assert first.get_latest_revision_as_object().title == "First, as submitted"  # nothing half-saved


def test_save_and_decide_with_the_modals_data_still_decides(editor, reviewer):
    (first, first_review), _ = two_articles_in_review(editor)
    data = edit_form_data(first)
    data.update(
        {
            "action-workflow-action": "1",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": json.dumps(approval_data(first_review, "Accurate.")),
        }
    )

    logged_in(reviewer).post(reverse("wagtailadmin_pages:edit", args=(first.pk,)), data)

    assert MedicalReview.objects.get(revision=first_review.revision).comment == "Accurate."
