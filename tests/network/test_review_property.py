"""Property: whatever editors, reviewers and superusers do, in any order, the API serves an
article or a disclaimer if and only if it is live and its live revision carries an approval,
and what it serves is the text of that approved revision."""

import itertools
import os

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import WorkflowState

from articles.models import ArticlePage
from network.models import Disclaimer, MedicalReview, SharedLibraryPage
from network.review import decide_review, submit_for_review
from tests.factories import ArticlePageFactory, approve_and_publish

pytestmark = pytest.mark.django_db

OPERATIONS = ["edit", "submit", "approve", "reject", "publish", "unpublish"]
TARGETS = ["article", "disclaimer"]
markers = itertools.count()


def latest(content):
    return type(content).objects.get(pk=content.pk)


def is_approved(revision_id) -> bool:
    return MedicalReview.objects.filter(revision_id=revision_id, decision=MedicalReview.APPROVED).exists()


def apply(operation: str, content, users) -> None:
    """Do what the admin would let each person do, at the model level."""
    content = latest(content)
    in_review = content.workflow_in_progress
    state = content.current_workflow_state
    if operation == "edit" and not in_review:  # the admin locks content under review for editors
        draft = content.get_latest_revision_as_object() if content.latest_revision_id else content
        marker = f"marker {next(markers)}"
        if isinstance(draft, Disclaimer):
            draft.body = f"<p>{marker}</p>"
        else:
            draft.title = marker
        draft.save_revision(user=users["editor"])
    elif operation == "submit" and content.latest_revision_id and not in_review:
        if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(user=users["editor"])
        else:
            submit_for_review(content=content, user=users["editor"])
    elif operation in {"approve", "reject"} and in_review and state.status == WorkflowState.STATUS_IN_PROGRESS:
        decide_review(content=content, user=users["reviewer"], approve=operation == "approve", comment=operation)
    elif operation == "publish" and content.latest_revision_id:
        if state is not None:
            state.cancel(user=users["admin"])  # publishing from the admin ends any workflow first
        latest(content).get_latest_revision().publish(user=users["admin"])
    elif operation == "unpublish" and content.live:
        content.unpublish(user=users["admin"])


def check(network_api, article, probe, disclaimer) -> None:
    article, disclaimer = latest(article), latest(disclaimer)
    response = network_api.get(f"/api/v1/clinics/peoria/articles/{article.slug}/")
    should_serve = article.live and is_approved(article.live_revision_id)
    assert (response.status_code == 200) == should_serve, (response.status_code, article.live)
    if response.status_code == 200:
        assert response.json()["title"] == article.live_revision.as_object().title
        assert response.json()["medical_review"] is not None

    served = network_api.get(f"/api/v1/clinics/peoria/articles/{probe.slug}/").json()["disclaimer"]
    disclaimer_should_serve = disclaimer.live and is_approved(disclaimer.live_revision_id)
    assert (served is not None) == disclaimer_should_serve
    if served is not None:
        assert served["body"] == disclaimer.live_revision.as_object().body
        assert served["medical_review"] is not None


@settings(
    max_examples=int(os.environ.get("REVIEW_PROPERTY_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.tuples(st.sampled_from(OPERATIONS), st.sampled_from(TARGETS)), min_size=1, max_size=12))
def test_api_serves_only_approved_live_revisions(network_api, steps):
    User = get_user_model()
    users = {name: User.objects.get(username=name) for name in ("editor", "reviewer", "admin")}
    cache.clear()  # each example's writes are rolled back, and with them what it cached
    with transaction.atomic():
        library = SharedLibraryPage.objects.get(locale__language_code="en")
        disclaimer = Disclaimer.objects.create(
            title="Property disclaimer", body="<p>initial</p>", locale=library.locale, live=False
        )
        article = ArticlePageFactory(parent=library, slug="property-article", title="initial", disclaimer=disclaimer)
        probe = ArticlePageFactory(parent=library, slug="property-probe", disclaimer=disclaimer)
        approve_and_publish(probe, editor=users["editor"], reviewer=users["reviewer"])
        targets = {"article": article, "disclaimer": disclaimer}
        check(network_api, article, probe, disclaimer)
        for operation, target in steps:
            apply(operation, targets[target], users)
            check(network_api, article, probe, disclaimer)
        transaction.set_rollback(True)


def test_the_operations_reach_every_state(network_api):
    """The property test is only as good as its moves: one scripted run through all of them."""
    User = get_user_model()
    users = {name: User.objects.get(username=name) for name in ("editor", "reviewer", "admin")}
    library = SharedLibraryPage.objects.get(locale__language_code="en")
    article = ArticlePageFactory(parent=library, slug="scripted-moves")
    for operation in ["edit", "submit", "reject", "edit", "submit", "approve", "edit", "publish", "unpublish"]:
        apply(operation, article, users)
    article = ArticlePage.objects.get(pk=article.pk)
    assert not article.live
    assert MedicalReview.objects.filter(object_id=str(article.pk), decision=MedicalReview.APPROVED).count() == 1
    assert MedicalReview.objects.filter(object_id=str(article.pk), decision=MedicalReview.REJECTED).count() == 1
