"""The demo network: complete, fictional in every contact detail, and loadable twice."""

import datetime
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Revision

from articles.demo.content import REVIEW_DUE_IN_DAYS
from articles.models import ArticlePage
from clinics.models import Clinic, ContactBlock
from network.models import Disclaimer, MedicalReview, SharedLibraryPage

pytestmark = pytest.mark.django_db


def test_running_twice_changes_nothing():
    counts = lambda: (  # noqa: E731
        Page.objects.count(),
        Revision.objects.count(),
        ContactBlock.objects.count(),
        Disclaimer.objects.count(),
        Clinic.objects.count(),
        sorted(MedicalReview.objects.values_list("pk", "reviewed_at", "next_review_due")),
    )
    before = counts()
    out = io.StringIO()
    call_command("load_demo_network", stdout=out)
    assert counts() == before
    assert "0 objects created" in out.getvalue()


def test_demo_network_has_what_the_brief_asks_for():
    assert set(Clinic.objects.values_list("slug", flat=True)) == {"peoria", "phoenix", "fayetteville", "tempe"}
    phoenix = Clinic.objects.get(slug="phoenix")
    assert sorted(phoenix.locales.values_list("language_code", flat=True)) == ["en", "es"]
    assert set(Disclaimer.objects.filter(live=True).values_list("locale__language_code", flat=True)) == {"en", "es"}
    library = SharedLibraryPage.objects.get(locale__language_code="en")
    shared = ArticlePage.objects.live().child_of(library)
    assert shared.count() >= 6
    for article in shared:
        assert article.body[-1].block_type == "contact", article.slug
    for clinic in Clinic.objects.all():
        assert ArticlePage.objects.live().child_of(clinic.site.root_page).exists(), clinic.slug
    assert ArticlePage.objects.live().filter(locale__language_code="es").exists()


def test_every_contact_detail_is_plainly_fictional():
    for block in ContactBlock.objects.all():
        assert re.search(r"555-01\d\d$", block.phone), block.phone
        assert block.email.endswith("example.com")
        assert "example.com" in block.booking_url
    for clinic in Clinic.objects.all():
        assert clinic.frontend_base_url.endswith(".example.com")


def test_demo_articles_avoid_promotional_claims():
    banned = re.compile(r"completely safe|proven|\bcure[sd]?\b|revolutionary|guarantee", re.IGNORECASE)
    for article in ArticlePage.objects.all():
        text = f"{article.title} {article.summary} {article.body.raw_data}"
        assert not banned.search(text), (article.slug, banned.search(text).group(0))


def statuses(network_api, status: str) -> dict[str, str]:
    """Slug to next review due date of the Phoenix articles with this review status."""
    response = network_api.get("/api/v1/clinics/phoenix/articles/", {"reviewed_status": status, "page_size": 100})
    assert response.status_code == 200
    return {item["slug"]: item["medical_review"]["next_review_due"] for item in response.json()["results"]}


def test_demo_network_shows_a_due_soon_and_an_overdue_article(network_api):
    """So that front-end developers can see those states (README: "Build a clinic website")."""
    today = timezone.localdate()
    due = {slug: (today + datetime.timedelta(days=days)).isoformat() for slug, days in REVIEW_DUE_IN_DAYS.items()}
    assert statuses(network_api, "due_soon") == {
        "understanding-insurance-and-costs": due["understanding-insurance-and-costs"]
    }
    overdue = "what-research-says-about-ketamine-for-depression"
    assert statuses(network_api, "overdue") == {overdue: due[overdue]}
    for slug in REVIEW_DUE_IN_DAYS:
        review = ArticlePage.objects.get(slug=slug, locale__language_code="en").live_review
        assert review.decision == MedicalReview.APPROVED and review.task_state is not None  # the real workflow
        interval = review.next_review_due - review.reviewed_at.date()
        assert datetime.timedelta(days=365) <= interval <= datetime.timedelta(days=366)  # a year, as approved


def test_loading_the_demo_on_a_later_day_keeps_those_states(network_api):
    later = timezone.now() + datetime.timedelta(days=40)
    with time_machine.travel(later, tick=False):
        call_command("load_demo_network", stdout=io.StringIO())
        due_soon = statuses(network_api, "due_soon")
        overdue = statuses(network_api, "overdue")
    expected = (
        later.date() + datetime.timedelta(days=REVIEW_DUE_IN_DAYS["understanding-insurance-and-costs"])
    ).isoformat()
    assert due_soon == {"understanding-insurance-and-costs": expected}
    assert list(overdue) == ["what-research-says-about-ketamine-for-depression"]
