"""Reviewer profiles in the admin, and disclaimers reviewed through the snippet admin."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from network.models import Disclaimer, MedicalReview, MedicalReviewer
from network.models.review import validate_npi
from network.review import submit_for_review
from tests.network.conftest import logged_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("npi", ["1234567893", "1245319599"])
def test_valid_npis_pass(npi):
    validate_npi(npi)


@pytest.mark.parametrize("npi", ["1234567890", "123456789", "abcdefghij", "12345678931"])
def test_invalid_npis_are_refused(npi):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_npi(npi)


def test_admin_adds_a_reviewer_and_bad_input_is_explained(superuser):
    person = get_user_model().objects.create_user("new-reviewer", "new@example.com", "x")
    client = logged_in(superuser)
    url = reverse("medical_reviewers:add")
    bad = {"user": person.pk, "display_name": "Dr. Riley Test", "credentials": "M.D. / PhD!", "npi": "1234567890"}
    response = client.post(url, {**bad, "is_active": "on"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "check digit" in page
    assert "Use e.g. &#x27;MD&#x27;" in page or "Use e.g. 'MD'" in page
    assert not MedicalReviewer.objects.filter(user=person).exists()
    good = {**bad, "credentials": "DO, MPH", "npi": "1234567893", "is_active": "on"}
    assert client.post(url, good).status_code == 302
    assert MedicalReviewer.objects.get(user=person).credentials == "DO, MPH"


def test_reviewer_admin_is_for_superusers_only(editor, reviewer):
    for user in (editor, reviewer):
        assert logged_in(user).get(reverse("medical_reviewers:index")).status_code in (302, 403)


def test_reviewer_approves_a_disclaimer_in_the_snippet_admin(editor, reviewer, network_api):
    disclaimer = Disclaimer.objects.get(locale__language_code="en")
    disclaimer.body = "<p>Updated disclaimer text.</p>"
    disclaimer.save_revision(user=editor)
    submit_for_review(content=disclaimer, user=editor)
    task_state = Disclaimer.objects.get(pk=disclaimer.pk).current_workflow_task_state
    url = reverse("wagtailsnippets_network_disclaimer:workflow_action", args=(disclaimer.pk, "approve", task_state.pk))
    assert logged_in(reviewer).post(url, {"comment": "Fine."}).status_code == 302
    review = MedicalReview.objects.get(revision=task_state.revision)
    assert (review.reviewer_name, review.reviewer_credentials) == ("Dr. Jordan Sample", "MD")
    data = network_api.get("/api/v1/clinics/peoria/articles/what-is-ketamine-infusion-therapy/").json()
    assert data["disclaimer"]["body"] == "<p>Updated disclaimer text.</p>"


def test_credentials_are_recorded_as_they_were_at_approval(editor, reviewer, network_api):
    profile = reviewer.medical_reviewer
    profile.credentials = "MD, PhD"
    profile.save()
    data = network_api.get("/api/v1/clinics/peoria/articles/what-is-ketamine-infusion-therapy/").json()
    assert data["medical_review"]["reviewed_by"]["credentials"] == "MD"
