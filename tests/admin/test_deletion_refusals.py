"""Deleting what something else still uses (a user with a reviewer profile, a reviewer whose
approvals are on record, the Site a clinic is built on) is refused with a message naming what uses
it, never a server error, and nothing is deleted or logged as deleted."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry, Site

from clinics.models import Clinic
from network.models import MedicalReview, MedicalReviewer

pytestmark = pytest.mark.django_db


def refused_deletion(client: Client, url: str) -> tuple[str, list[str]]:
    """Post the admin's delete form from its confirmation page, as an editor does; answer where
    the editor is sent and the messages they are shown there."""
    deletions = ModelLogEntry.objects.filter(action="wagtail.delete").count()
    response = client.post(url, HTTP_REFERER=f"http://testserver{url}")
    assert response.status_code == 302
    assert ModelLogEntry.objects.filter(action="wagtail.delete").count() == deletions
    return response["Location"], [str(message) for message in get_messages(response.wsgi_request)]


def test_deleting_a_user_who_is_a_medical_reviewer_is_refused_with_a_reason(admin_client):
    user = get_user_model().objects.get(username="reviewer")
    url = reverse("wagtailusers_users:delete", args=(user.pk,))
    location, shown = refused_deletion(admin_client, url)
    assert location == f"http://testserver{url}"
    assert shown == [
        "This can't be deleted while it is still used by medical reviewer "
        f"“{user.medical_reviewer}”. Deactivate the user instead, or delete the reviewer profile first."
    ]
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_deleting_users_in_bulk_is_refused_for_a_medical_reviewer(admin_client):
    user = get_user_model().objects.get(username="reviewer")
    url = reverse("wagtail_bulk_action", args=("auth", "user", "delete")) + f"?id={user.pk}"
    _, shown = refused_deletion(admin_client, url)
    assert "medical reviewer" in shown[0]
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_deleting_a_reviewer_whose_approvals_are_on_record_is_refused_with_a_reason(admin_client):
    reviewer = MedicalReviewer.objects.get(user__username="reviewer")
    reviews = MedicalReview.objects.filter(reviewer=reviewer).count()
    assert reviews > 3
    _, shown = refused_deletion(admin_client, reverse("medical_reviewers:delete", args=(reviewer.pk,)))
    assert len(shown) == 1
    assert f"still used by {reviews} medical reviews (“Approved by {reviewer.display_name} on" in shown[0]
    assert " more). " in shown[0]
    assert "mark the reviewer inactive instead" in shown[0]
    assert MedicalReview.objects.filter(reviewer=reviewer).count() == reviews


def test_deleting_the_site_a_clinic_is_built_on_is_refused_with_a_reason(admin_client):
    phoenix = Clinic.objects.get(slug="phoenix")
    _, shown = refused_deletion(admin_client, reverse("wagtailsites:delete", args=(phoenix.site_id,)))
    assert shown == [
        "This can't be deleted while it is still used by clinic “Ahwatukee Ketamine Clinic”. "
        "Change or remove what uses it first."
    ]
    assert Site.objects.filter(pk=phoenix.site_id).exists()


def test_a_refusal_never_sends_the_editor_to_another_site(admin_client):
    phoenix = Clinic.objects.get(slug="phoenix")
    response = admin_client.post(
        reverse("wagtailsites:delete", args=(phoenix.site_id,)), HTTP_REFERER="https://evil.example.com/"
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
