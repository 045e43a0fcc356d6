"""Each filter of the article list, and their combinations."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from articles.demo.content import REVIEW_DUE_IN_DAYS as DEMO_REVIEW_DUE_IN_DAYS
from articles.models import ArticleCategory, ArticlePage
from network.models import SharedLibraryPage
from tests.factories import ArticlePageFactory, approve_and_publish

pytestmark = pytest.mark.django_db

LIST = "/api/v1/clinics/phoenix/articles/"


def slugs(network_api, query: str) -> list[str]:
    response = network_api.get(f"{LIST}?page_size=100&{query}")
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def expected_slugs(**filters) -> set[str]:
    return set(ArticlePage.objects.live().filter(locale__language_code="en", **filters).values_list("slug", flat=True))


def test_category(network_api):
    found = set(slugs(network_api, "category=safety"))
    safety = ArticleCategory.objects.get(slug="safety", locale__language_code="en")
    assert found and found == expected_slugs(categories=safety) - {"planning-your-visit-to-our-peoria-clinic"}


def test_category_in_spanish_uses_the_same_slug(network_api):
    found = slugs(network_api, "category=treatment&locale=es&fallback=false")
    assert "what-is-ketamine-infusion-therapy" in found


def test_unknown_category_is_400(network_api):
    response = network_api.get(f"{LIST}?category=astrology")
    assert response.status_code == 400
    assert "category" in response.json()["error"]["parameters"]


def test_tag(network_api):
    found = set(slugs(network_api, "tag=depression"))
    assert found
    for slug in found:
        article = ArticlePage.objects.get(slug=slug, locale__language_code="en")
        assert "depression" in {tag.slug for tag in article.tags.all()}
    assert slugs(network_api, "tag=no-such-tag") == []


@pytest.mark.parametrize("scope", ["shared", "clinic"])
def test_scope(network_api, scope):
    response = network_api.get(f"{LIST}?page_size=100&scope={scope}")
    items = response.json()["results"]
    assert items and {item["scope"] for item in items} == {scope}


def test_updated_since(network_api):
    library = SharedLibraryPage.objects.get(locale__language_code="en")
    later = timezone.now() + datetime.timedelta(days=3)
    with time_machine.travel(later, tick=False):
        approve_and_publish(ArticlePageFactory(parent=library, slug="fresh-news"))
    since = (later - datetime.timedelta(hours=1)).isoformat().replace("+00:00", "Z")
    assert slugs(network_api, f"updated_since={since}") == ["fresh-news"]
    assert "fresh-news" in slugs(network_api, f"updated_since={later.date().isoformat()}")
    assert len(slugs(network_api, "updated_since=2000-01-01")) > 1


def test_reviewed_status(network_api):
    library = SharedLibraryPage.objects.get(locale__language_code="en")
    with time_machine.travel(timezone.now() - datetime.timedelta(days=350), tick=False):
        approve_and_publish(ArticlePageFactory(parent=library, slug="nearly-due"))
    with time_machine.travel(timezone.now() - datetime.timedelta(days=400), tick=False):
        approve_and_publish(ArticlePageFactory(parent=library, slug="long-overdue"))
    # Beside the demo network's own due-soon and overdue articles.
    assert slugs(network_api, "reviewed_status=due_soon") == ["understanding-insurance-and-costs", "nearly-due"]
    assert slugs(network_api, "reviewed_status=overdue") == [
        "what-research-says-about-ketamine-for-depression",
        "long-overdue",
    ]
    current = slugs(network_api, "reviewed_status=current")
    assert not {"nearly-due", "long-overdue", *DEMO_REVIEW_DUE_IN_DAYS} & set(current) and len(current) >= 7


def test_search_finds_by_body_text_and_orders_by_relevance(network_api):
    found = slugs(network_api, "search=esketamine")
    assert found and "esketamine-vs-iv-ketamine" in found[:3]
    assert slugs(network_api, "search=zzzqqq-nothing") == []
    peoria_only = slugs(network_api, "search=Peoria")
    assert "planning-your-visit-to-our-peoria-clinic" not in peoria_only


def test_search_answers_the_newest_matches_up_to_the_setting(network_api, settings):
    everything = network_api.get(f"{LIST}?page_size=100&search=ketamine").json()
    assert everything["count"] > 3
    settings.API_SEARCH_RESULTS = 3
    # Another URL: the first response (and its count) is cached, as it should be.
    capped = network_api.get(f"{LIST}?page_size=100&search=ketamine&ordering=relevance").json()
    assert capped["count"] == len(capped["results"]) == 3
    by_newest = sorted(everything["results"], key=lambda item: (item["last_published_at"], item["id"]), reverse=True)
    assert {item["slug"] for item in capped["results"]} == {item["slug"] for item in by_newest[:3]}


def test_search_in_spanish(network_api):
    found = slugs(network_api, "search=infusión&locale=es&fallback=false")
    assert "what-is-ketamine-infusion-therapy" in found


@pytest.mark.parametrize(
    ("ordering", "key", "reverse"),
    [("title", "title", False), ("-title", "title", True), ("last_published_at", "last_published_at", False)],
)
def test_ordering(network_api, ordering, key, reverse):
    items = network_api.get(f"{LIST}?page_size=100&ordering={ordering}").json()["results"]
    values = [item[key] for item in items]
    assert values == sorted(values, reverse=reverse)


def test_filters_combine(network_api):
    found = slugs(network_api, "scope=shared&tag=depression&ordering=title")
    assert found == sorted(found, key=lambda slug: ArticlePage.objects.get(slug=slug, locale__language_code="en").title)
    assert "your-first-visit-to-ahwatukee-ketamine-clinic" not in found


def test_pagination_links(network_api):
    page = network_api.get(f"{LIST}?page_size=3&page=2&scope=shared").json()
    assert page["count"] > 6
    assert len(page["results"]) == 3
    assert "page=3" in page["next"] and "scope=shared" in page["next"]
    assert "page_size=3" in page["previous"]


def test_plain_list_pages_follow_each_other_newest_first(network_api):
    """The plain list (no filter) is read page by page with its query compiled once: the pages
    join up into the whole list, the clinic's pins first and then newest first, each article once."""
    whole = network_api.get(f"{LIST}?page_size=100").json()["results"]
    paged = []
    for number in (1, 2, 3, 4):
        response = network_api.get(f"{LIST}?page_size=3&page={number}")
        if response.status_code == 400:
            break
        paged += response.json()["results"]
    assert [item["slug"] for item in paged] == [item["slug"] for item in whole[: len(paged)]]
    assert len(paged) == min(12, len(whole))
    pinned = [item for item in whole if item["pinned"]]  # the demo Phoenix pins one shared article
    assert pinned and whole[: len(pinned)] == pinned
    published = [item["last_published_at"] for item in whole[len(pinned) :]]
    assert published == sorted(published, reverse=True)
