"""The admin's views cost a number of queries that does not grow with what they list: a clinic
editor's explorer of their clinic's articles, their local texts, their dashboard, and the
reviewer's desk (``make bench`` times them at 100,000 articles)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import ArticlePage, LocalArticleText
from clinics.models import Clinic
from network.models import SharedLibraryPage
from tests.factories import ArticlePageFactory, local_text_of

pytestmark = pytest.mark.django_db


def editor_of(slug: str) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=f"{slug}-editor"))
    return client


def queries_for(client: Client, url: str) -> int:
    client.get(url)  # warm: the session, the clinic's structure
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def more_phoenix_articles(count: int) -> None:
    home = Clinic.objects.get(slug="phoenix").site.root_page
    for number in range(count):
        ArticlePageFactory(parent=home, title=f"More Phoenix {number}", slug=f"more-phoenix-{number}")


def test_the_explorer_of_their_clinics_articles_costs_no_query_per_row():
    """Wagtail asks, for each row's delete action, whether a subtree holds a live page (a query
    per row, twice, for an editor without publish rights): asked of an article without one."""
    client = editor_of("phoenix")
    explorer = reverse("wagtailadmin_explore", args=(Clinic.objects.get(slug="phoenix").site.root_page_id,))
    before = queries_for(client, explorer)
    more_phoenix_articles(12)
    assert queries_for(client, explorer) == before


def test_their_dashboard_and_local_texts_cost_the_same_with_more_to_show():
    client = editor_of("phoenix")
    home, listing = reverse("wagtailadmin_home"), reverse("wagtailsnippets_articles_localarticletext:list")
    before = (queries_for(client, home), queries_for(client, listing))
    more_phoenix_articles(6)
    library = SharedLibraryPage.objects.get(locale__language_code="en")
    taken = LocalArticleText.objects.filter(clinic__slug="phoenix").values("article")
    for article in ArticlePage.objects.child_of(library).exclude(pk__in=taken)[:3]:
        local_text_of(clinic_slug="phoenix", article=article, introduction="<p>Ours.</p>")
    assert (queries_for(client, home), queries_for(client, listing)) == before


def test_the_reviewers_desk_costs_the_same_with_more_awaiting_review():
    from network.review import submit_for_review

    reviewer = Client(raise_request_exception=False)
    reviewer.force_login(get_user_model().objects.get(username="reviewer"))
    desk = reverse("medical_review_dashboard")
    editor = get_user_model().objects.get(username="editor")
    library = SharedLibraryPage.objects.get(locale__language_code="en")

    def submit(number: int) -> None:
        article = ArticlePageFactory(parent=library, title=f"Awaiting {number}", slug=f"awaiting-{number}")
        article.save_revision(user=editor)
        submit_for_review(content=article, user=editor)

    submit(0)
    before = queries_for(reviewer, desk)
    for number in range(1, 6):
        submit(number)
    assert queries_for(reviewer, desk) == before
