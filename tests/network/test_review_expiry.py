"""Review expiry: due dates from the network interval (or a category's shorter one), statuses
that change with the clock, withholding of overdue content, and reminders."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from articles.models import ArticleCategory, ArticlePage
from network.models import MedicalReview, ReviewSettings, SharedLibraryPage
from tests.factories import ArticlePageFactory, approve_and_publish
from tests.network.conftest import logged_in

pytestmark = pytest.mark.django_db

APPROVED_ON = datetime.datetime(2026, 1, 15, 12, 0, tzinfo=datetime.UTC)
PATH = "/api/v1/clinics/peoria/articles/expiring/"


@pytest.fixture
def expiring_article():
    library = SharedLibraryPage.objects.get(locale__language_code="en")
    with time_machine.travel(APPROVED_ON, tick=False):
        return approve_and_publish(ArticlePageFactory(parent=library, slug="expiring", title="Expiring"))


def review_at(network_api, when):
    with time_machine.travel(when, tick=False):
        response = network_api.get(PATH)
        listing = network_api.get("/api/v1/clinics/peoria/articles/?page_size=100")
    return response, {item["slug"] for item in listing.json()["results"]}


def test_due_date_is_twelve_months_after_approval(expiring_article, network_api):
    response, _ = review_at(network_api, APPROVED_ON)
    review = response.json()["medical_review"]
    assert review["next_review_due"] == "2027-01-15"
    assert review["reviewed_at"].startswith("2026-01-15")
    assert review["status"] == "current"


@pytest.mark.parametrize(
    ("when", "status"),
    [
        (datetime.datetime(2026, 12, 15, tzinfo=datetime.UTC), "current"),
        (datetime.datetime(2026, 12, 17, tzinfo=datetime.UTC), "due_soon"),
        (datetime.datetime(2027, 1, 15, tzinfo=datetime.UTC), "due_soon"),
        (datetime.datetime(2027, 1, 16, tzinfo=datetime.UTC), "overdue"),
    ],
)
def test_status_follows_the_clock(expiring_article, network_api, when, status):
    response, listed = review_at(network_api, when)
    assert response.json()["medical_review"]["status"] == status
    assert "expiring" in listed


def test_overdue_content_is_withheld_when_the_network_says_so(expiring_article, network_api):
    settings = ReviewSettings.load()
    settings.serve_overdue = False
    settings.save()
    response, listed = review_at(network_api, datetime.datetime(2027, 1, 15, tzinfo=datetime.UTC))
    assert response.status_code == 200
    response, listed = review_at(network_api, datetime.datetime(2027, 2, 1, tzinfo=datetime.UTC))
    assert response.status_code == 404
    assert "expiring" not in listed


def test_edits_do_not_reset_dates_only_a_new_approval_does(expiring_article, network_api, editor):
    with time_machine.travel(datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC), tick=False):
        article = ArticlePage.objects.get(pk=expiring_article.pk)
        article.title = "Expiring, edited"
        article.save_revision(user=editor)
    response, _ = review_at(network_api, datetime.datetime(2026, 6, 2, tzinfo=datetime.UTC))
    assert response.json()["medical_review"]["next_review_due"] == "2027-01-15"
    with time_machine.travel(datetime.datetime(2026, 6, 3, tzinfo=datetime.UTC), tick=False):
        approve_and_publish(ArticlePage.objects.get(pk=expiring_article.pk).get_latest_revision_as_object())
    response, _ = review_at(network_api, datetime.datetime(2026, 6, 4, tzinfo=datetime.UTC))
    assert response.json()["medical_review"]["next_review_due"] == "2027-06-03"
    assert response.json()["title"] == "Expiring, edited"


def test_a_category_can_ask_for_a_shorter_interval(network_api):
    category = ArticleCategory.objects.get(slug="safety", locale__language_code="en")
    category.review_interval_months = 6
    category.save()
    library = SharedLibraryPage.objects.get(locale__language_code="en")
    page = ArticlePageFactory(parent=library, slug="safety-six-months")
    page.categories.set([category])
    with time_machine.travel(datetime.datetime(2026, 8, 31, tzinfo=datetime.UTC), tick=False):
        approve_and_publish(page)
    review = MedicalReview.objects.filter(object_id=str(page.pk)).latest("reviewed_at")
    assert review.next_review_due == datetime.date(2027, 2, 28)


def test_network_interval_setting_applies(network_api):
    settings = ReviewSettings.load()
    settings.review_interval_months = 3
    settings.save()
    library = SharedLibraryPage.objects.get(locale__language_code="en")
    with time_machine.travel(APPROVED_ON, tick=False):
        approve_and_publish(ArticlePageFactory(parent=library, slug="expiring"))
    response, _ = review_at(network_api, APPROVED_ON)
    assert response.json()["medical_review"]["next_review_due"] == "2026-04-15"


def test_dashboard_lists_due_soon_and_overdue(expiring_article, reviewer):
    with time_machine.travel(datetime.datetime(2026, 12, 20, tzinfo=datetime.UTC), tick=False):
        page = logged_in(reviewer).get("/admin/medical-review/").content.decode()
    due_soon = page.split('id="due-soon"')[1].split("</section>")[0]
    assert "Expiring" in due_soon
    with time_machine.travel(datetime.datetime(2027, 3, 1, tzinfo=datetime.UTC), tick=False):
        page = logged_in(reviewer).get("/admin/medical-review/").content.decode()
    overdue = page.split('id="overdue"')[1].split("</section>")[0]
    assert "Expiring" in overdue


def test_dashboard_is_for_reviewers_only(editor, reviewer):
    assert logged_in(editor).get("/admin/medical-review/").status_code in (302, 403)
    assert logged_in(reviewer).get("/admin/medical-review/").status_code == 200


def test_reminders_go_once_a_day_to_the_approving_reviewer(expiring_article, reviewer):
    mail.outbox.clear()  # the workflow's own notifications
    when = datetime.datetime(2027, 1, 5, 9, tzinfo=datetime.UTC)
    with time_machine.travel(when, tick=False):
        out = io.StringIO()
        call_command("send_review_reminders", stdout=out)
        call_command("send_review_reminders", stdout=io.StringIO())
    assert "Sent 1 reminder(s)." in out.getvalue()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [reviewer.email]
    assert "Expiring" in message.body
    assert "due 2027-01-15" in message.body
    with time_machine.travel(when + datetime.timedelta(days=1), tick=False):
        call_command("send_review_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 2


def test_no_reminders_when_nothing_is_due(reviewer):
    # The demo network holds a due-soon and an overdue article: give them a year, as a new review would.
    MedicalReview.objects.update(next_review_due=timezone.localdate() + datetime.timedelta(days=365))
    call_command("send_review_reminders", stdout=io.StringIO())
    assert mail.outbox == []
