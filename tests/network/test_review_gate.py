"""The gate: only content whose live revision a medical reviewer approved reaches a front-end."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from articles.models import ArticlePage
from clinics.models import Clinic
from network.models import Disclaimer, MedicalReviewTask, SharedLibraryPage
from network.review import decide_review, submit_for_review
from tests.admin_forms import article_form_data
from tests.factories import ArticlePageFactory, approve_and_publish
from tests.network.conftest import logged_in

pytestmark = pytest.mark.django_db

SHARED = "what-is-ketamine-infusion-therapy"
REPORT = "/admin/reports/published-without-review/"


def library(code="en"):
    return SharedLibraryPage.objects.get(locale__language_code=code)


def phoenix_home():
    return Clinic.objects.get(slug="phoenix").site.root_page


def shared_article(code="en"):
    return ArticlePage.objects.get(slug=SHARED, locale__language_code=code)


def test_superusers_publish_in_the_admin_is_a_draft_and_a_script_publish_is_withheld_and_reported(
    superuser, reviewer, network_api
):
    client = logged_in(superuser)
    add_url = reverse("wagtailadmin_pages:add", args=("articles", "articlepage", library().pk))
    data = article_form_data(title="Published around review", slug="around-review", **{"action-publish": "1"})
    assert client.post(add_url, data).status_code == 302
    page = ArticlePage.objects.get(slug="around-review")
    assert not page.live  # the admin refuses to publish around review (tests/admin/test_editor_day.py)
    page.get_latest_revision().publish(user=superuser, skip_permission_checks=True)  # a script does not
    page.refresh_from_db()
    assert page.live
    assert network_api.get("/api/v1/clinics/peoria/articles/around-review/").status_code == 404
    listing = network_api.get("/api/v1/clinics/peoria/articles/?page_size=100").json()["results"]
    assert "around-review" not in {item["slug"] for item in listing}
    for user in (superuser, reviewer):
        report = logged_in(user).get(REPORT)
        assert report.status_code == 200
        assert "Published around review" in report.content.decode()


def test_direct_publish_of_an_edit_withholds_the_article(superuser, network_api):
    article = shared_article()
    article.title = "Edited and published without review"
    article.save_revision(user=superuser).publish(user=superuser, skip_permission_checks=True)
    assert network_api.get(f"/api/v1/clinics/peoria/articles/{SHARED}/").status_code == 404
    assert "Edited and published without review" in logged_in(superuser).get(REPORT).content.decode()


def test_script_publish_is_withheld(network_api):
    page = ArticlePageFactory(parent=library(), slug="scripted")
    page.save_revision().publish()
    assert network_api.get("/api/v1/clinics/tempe/articles/scripted/").status_code == 404


def test_scheduled_publish_is_withheld(superuser, network_api):
    page = ArticlePageFactory(parent=library(), slug="scheduled")
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    page.save_revision(user=superuser).publish(user=superuser, skip_permission_checks=True)
    assert not ArticlePage.objects.get(pk=page.pk).live
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        call_command("publish_scheduled")
    assert ArticlePage.objects.get(pk=page.pk).live
    assert network_api.get("/api/v1/clinics/tempe/articles/scheduled/").status_code == 404


def test_approved_content_is_not_in_the_report(superuser):
    assert "What Is Ketamine Infusion Therapy?" not in logged_in(superuser).get(REPORT).content.decode()


@pytest.mark.parametrize("who", ["superuser", "editor", "clinic_editor"])
def test_only_a_reviewer_can_approve(request, who, editor, network_api):
    user = request.getfixturevalue(who)
    page = ArticlePageFactory(parent=library() if who != "clinic_editor" else phoenix_home(), slug=f"by-{who}")
    page.save_revision(user=editor)
    submit_for_review(content=page, user=editor)
    task_state = page.current_workflow_task_state
    task = task_state.task.specific
    assert isinstance(task, MedicalReviewTask)
    assert task.get_actions(page, user) == []
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    response = logged_in(user).post(url, {"comment": "I approve"})
    assert response.status_code in (302, 403)  # Wagtail redirects with a "permission denied" message
    if response.status_code == 302:
        assert response.url == reverse("wagtailadmin_home")
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_task_state.status == "in_progress"
    with pytest.raises(PermissionDenied, match="Only an active medical reviewer"):
        decide_review(content=page, user=user, approve=True)


def test_inactive_reviewer_cannot_approve(reviewer, editor):
    reviewer.medical_reviewer.is_active = False
    reviewer.medical_reviewer.save()
    page = ArticlePageFactory(parent=library(), slug="inactive-reviewer")
    page.save_revision(user=editor)
    submit_for_review(content=page, user=editor)
    with pytest.raises(PermissionDenied, match="Only an active medical reviewer"):
        decide_review(content=page, user=reviewer, approve=True)


def test_reviewer_sees_the_awaiting_item_in_wagtails_own_dashboard(reviewer, editor):
    page = ArticlePageFactory(parent=library(), slug="awaiting-on-dashboard", title="Awaiting on dashboard")
    page.save_revision(user=editor)
    submit_for_review(content=page, user=editor)
    assert "Awaiting on dashboard" in logged_in(reviewer).get(reverse("wagtailadmin_home")).content.decode()


def test_unapproved_spanish_translation_is_never_served(superuser, network_api):
    article = shared_article("es")
    article.title = "Traducción sin revisar"
    article.save_revision(user=superuser).publish(user=superuser, skip_permission_checks=True)
    path = f"/api/v1/clinics/phoenix/articles/{SHARED}/?locale=es"
    assert network_api.get(path + "&fallback=false").status_code == 404
    fallback = network_api.get(path)
    assert fallback.json()["locale"] == "en"  # the approved English version, saying so
    assert fallback["Content-Language"] == "en"
    assert "sin revisar" not in fallback.content.decode()
    english = network_api.get(f"/api/v1/clinics/phoenix/articles/{SHARED}/").json()
    assert english["translations"] == []


def test_spanish_request_gets_approved_english_disclaimer_when_spanish_is_unreviewed(superuser, network_api):
    spanish = Disclaimer.objects.get(locale__language_code="es")
    spanish.body = "<p>Texto sin revisar.</p>"
    spanish.save_revision(user=superuser).publish(user=superuser, skip_permission_checks=True)
    data = network_api.get(f"/api/v1/clinics/phoenix/articles/{SHARED}/?locale=es").json()
    assert data["locale"] == "es"
    assert data["disclaimer"]["locale"] == "en"
    assert "sin revisar" not in data["disclaimer"]["body"]
    assert data["disclaimer"]["medical_review"]["reviewed_by"]["credentials"] == "MD"


def test_spanish_disclaimer_is_served_once_approved(network_api):
    data = network_api.get(f"/api/v1/clinics/phoenix/articles/{SHARED}/?locale=es").json()
    assert data["disclaimer"]["locale"] == "es"
    assert data["disclaimer"]["title"] == "Aviso médico"


def test_disclaimer_under_review_keeps_serving_the_approved_one(editor, reviewer, network_api):
    english = Disclaimer.objects.get(locale__language_code="en")
    english.body = "<p>New wording awaiting review.</p>"
    english.save_revision(user=editor)
    submit_for_review(content=english, user=editor)
    data = network_api.get(f"/api/v1/clinics/peoria/articles/{SHARED}/").json()
    assert "awaiting review" not in data["disclaimer"]["body"]
    decide_review(content=Disclaimer.objects.get(pk=english.pk), user=reviewer, approve=True)
    data = network_api.get(f"/api/v1/clinics/peoria/articles/{SHARED}/").json()
    assert "New wording awaiting review." in data["disclaimer"]["body"]


def test_list_items_carry_review_date_and_status(network_api):
    items = network_api.get("/api/v1/clinics/phoenix/articles/").json()["results"]
    assert items
    # The demo network dates back two approvals to show the other statuses.
    demo = {
        "understanding-insurance-and-costs": "due_soon",
        "what-research-says-about-ketamine-for-depression": "overdue",
    }
    for item in items:
        assert item["medical_review"]["status"] == demo.get(item["slug"], "current")
        assert item["medical_review"]["reviewed_at"]
        assert item["medical_review"]["next_review_due"]


def test_new_translation_needs_its_own_approval(editor, network_api):
    english = shared_article()
    spanish_locale = Locale.objects.get(language_code="es")
    page = ArticlePageFactory(parent=library(), slug="needs-own-approval")
    approve_and_publish(page)
    translation = ArticlePage.objects.get(pk=page.pk).copy_for_translation(spanish_locale, copy_parents=True)
    translation.save_revision(user=editor).publish(skip_permission_checks=True)
    path = "/api/v1/clinics/phoenix/articles/needs-own-approval/?locale=es"
    assert network_api.get(path + "&fallback=false").status_code == 404
    assert network_api.get(path).json()["locale"] == "en"
    approve_and_publish(ArticlePage.objects.get(pk=translation.pk))
    assert network_api.get(path).json()["locale"] == "es"
    assert english.live
