"""The server-side cache of built responses: every change a response depends on is visible in
the next response, changes elsewhere leave it cached, it holds across processes sharing Redis,
and a dead Redis means answers from the database, not errors."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import ArticleCategory, ArticlePage, SharedArticleOverride
from clinics.models import Clinic, ContactBlock
from network.models import DeliverySettings, Disclaimer, ReviewSettings, SharedLibraryPage
from network.settings.base import redis_cache
from network.speed import cache as delivery_cache
from tests.factories import ArticlePageFactory, approve_and_publish, second_arizona_clinic
from tests.processes import other_process

pytestmark = pytest.mark.django_db

SHARED = "what-is-ketamine-infusion-therapy"
PHOENIX_LIST = "/api/v1/clinics/phoenix/articles/?page_size=100"
PHOENIX_ARTICLE = f"/api/v1/clinics/phoenix/articles/{SHARED}/"


def queries_for(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.fixture
def warm(network_api):
    for path in (PHOENIX_LIST, PHOENIX_ARTICLE, PHOENIX_LIST, PHOENIX_ARTICLE):
        network_api.get(path)
    assert queries_for(network_api, PHOENIX_LIST) == 0
    assert queries_for(network_api, PHOENIX_ARTICLE) == 0
    return network_api


def slugs(client, path=PHOENIX_LIST) -> set[str]:
    return {item["slug"] for item in client.get(path).json()["results"]}


def test_publish_is_visible_in_the_next_list(warm):
    library = SharedLibraryPage.objects.get(locale__language_code="en")
    approve_and_publish(ArticlePageFactory(parent=library, slug="brand-new"))
    assert "brand-new" in slugs(warm)


@pytest.fixture
def uncached(network_api, settings):
    """Built responses not cached: lists still keep their total count (and the network structure)
    in the cache, which must follow every change as the responses do."""
    settings.API_RESPONSE_CACHE = False
    network_api.get(PHOENIX_LIST)
    return network_api


def test_publish_changes_the_next_lists_count_with_built_responses_uncached(uncached):
    before = uncached.get(PHOENIX_LIST).json()["count"]
    library = SharedLibraryPage.objects.get(locale__language_code="en")
    approve_and_publish(ArticlePageFactory(parent=library, slug="brand-new"))
    after = uncached.get(PHOENIX_LIST).json()
    assert after["count"] == before + 1
    assert "brand-new" in {item["slug"] for item in after["results"]}


def test_hiding_a_shared_article_changes_the_count_with_built_responses_uncached(uncached):
    before = uncached.get(PHOENIX_LIST).json()["count"]
    SharedArticleOverride.objects.create(
        clinic=Clinic.objects.get(slug="phoenix"),
        article=ArticlePage.objects.get(slug=SHARED, locale__language_code="en"),
        hidden=True,
    )
    assert uncached.get(PHOENIX_LIST).json()["count"] == before - 1


def test_each_filter_has_its_own_count(uncached):
    everything = uncached.get(PHOENIX_LIST).json()["count"]
    shared = uncached.get(PHOENIX_LIST + "&scope=shared").json()
    clinic_own = uncached.get(PHOENIX_LIST + "&scope=clinic").json()
    assert shared["count"] == len(shared["results"]) > 0
    assert clinic_own["count"] == len(clinic_own["results"]) > 0
    assert shared["count"] + clinic_own["count"] == everything


def test_category_rename_is_visible_in_the_next_detail_with_built_responses_uncached(uncached):
    names = {category["name"] for category in uncached.get(PHOENIX_ARTICLE).json()["categories"]}
    category = ArticleCategory.objects.get(name=sorted(names)[0], locale__language_code="en")
    category.name = "Renamed for the test"
    category.save()
    renamed = {category["name"] for category in uncached.get(PHOENIX_ARTICLE).json()["categories"]}
    assert "Renamed for the test" in renamed


def test_new_tags_are_visible_once_published_with_built_responses_uncached(uncached):
    article = ArticlePage.objects.get(slug=SHARED, locale__language_code="en")
    assert "brand-new-tag" not in uncached.get(PHOENIX_ARTICLE).json()["tags"]
    article.tags.add("brand-new-tag")
    approve_and_publish(article)
    assert "brand-new-tag" in uncached.get(PHOENIX_ARTICLE).json()["tags"]


def test_unpublish_is_visible_in_the_next_responses(warm):
    ArticlePage.objects.get(slug=SHARED, locale__language_code="en").unpublish()
    assert SHARED not in slugs(warm)
    assert warm.get(PHOENIX_ARTICLE).status_code == 404


def test_approved_edit_is_visible_in_the_next_detail(warm):
    article = ArticlePage.objects.get(slug=SHARED, locale__language_code="en")
    article.title = "Retitled after review"
    approve_and_publish(article)
    assert warm.get(PHOENIX_ARTICLE).json()["title"] == "Retitled after review"


def test_contact_block_change_is_visible_in_contact_and_articles(warm):
    block = ContactBlock.objects.get(clinic__slug="phoenix", locale__language_code="en")
    warm.get("/api/v1/clinics/phoenix/contact/")
    block.phone = "(480) 555-0199"
    block.save_revision().publish()
    assert warm.get("/api/v1/clinics/phoenix/contact/").json()["phone"] == "(480) 555-0199"
    assert warm.get(PHOENIX_ARTICLE).json()["contact"]["phone"] == "(480) 555-0199"


def test_disclaimer_approval_is_visible_in_the_next_detail(warm):
    disclaimer = Disclaimer.objects.get(locale__language_code="en")
    disclaimer.body = "<p>Freshly reviewed wording.</p>"
    approve_and_publish(disclaimer)
    assert warm.get(PHOENIX_ARTICLE).json()["disclaimer"]["body"] == "<p>Freshly reviewed wording.</p>"


def test_hiding_a_shared_article_is_visible_at_once(warm):
    article = ArticlePage.objects.get(slug=SHARED, locale__language_code="en")
    SharedArticleOverride.objects.create(clinic=Clinic.objects.get(slug="phoenix"), article=article, hidden=True)
    assert SHARED not in slugs(warm)
    assert warm.get(PHOENIX_ARTICLE).status_code == 404


def test_review_settings_change_is_visible_at_once(warm):
    settings = ReviewSettings.load()
    settings.due_soon_days = 400
    settings.save()
    assert warm.get(PHOENIX_ARTICLE).json()["medical_review"]["status"] == "due_soon"


def test_a_peoria_article_leaves_phoenix_cached(warm):
    home = Clinic.objects.get(slug="peoria").site.root_page
    approve_and_publish(ArticlePageFactory(parent=home, slug="peoria-only-news"))
    assert queries_for(warm, PHOENIX_LIST) == 0
    assert queries_for(warm, PHOENIX_ARTICLE) == 0
    assert "peoria-only-news" in slugs(warm, "/api/v1/clinics/peoria/articles/?page_size=100")


def test_an_edit_saved_as_draft_leaves_responses_cached(warm, editor):
    article = ArticlePage.objects.get(slug=SHARED, locale__language_code="en")
    article.title = "Draft only"
    article.save_revision(user=editor)
    assert queries_for(warm, PHOENIX_ARTICLE) == 0
    assert warm.get(PHOENIX_ARTICLE).json()["title"] == "What Is Ketamine Infusion Therapy?"


@pytest.fixture
def editor(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="editor")


def test_revoked_key_is_refused_even_with_cached_responses(warm, make_key):
    from rest_framework.test import APIClient

    from api.models import FrontEndKey

    key = make_key("phoenix")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert client.get(PHOENIX_ARTICLE).status_code == 200
    stored = FrontEndKey.objects.get(prefix=key.split(".")[0])
    stored.revoked = True
    stored.save()
    assert client.get(PHOENIX_ARTICLE).status_code == 401


def test_a_change_in_another_process_invalidates_this_ones_cache(network_api, shared_redis):
    network_api.get(PHOENIX_ARTICLE)
    network_api.get(PHOENIX_ARTICLE)
    assert queries_for(network_api, PHOENIX_ARTICLE) == 0  # served from Redis
    article = ArticlePage.objects.get(slug=SHARED, locale__language_code="en")
    # Another process (an editor's admin request on another machine) publishes: it bumps the tag.
    other_process(f"cache.bump('content:{article.translation_key}')")
    assert queries_for(network_api, PHOENIX_ARTICLE) > 0  # rebuilt, not the stale copy
    assert queries_for(network_api, PHOENIX_ARTICLE) == 0


def test_another_process_reads_what_this_one_cached(network_api, shared_redis):
    network_api.get(PHOENIX_ARTICLE)
    article = ArticlePage.objects.get(slug=SHARED, locale__language_code="en")
    tag = f"content:{article.translation_key}"
    seen = other_process(f"print(cache.tag_versions(['{tag}'])['{tag}'])")
    assert seen == str(delivery_cache.tag_versions([tag])[tag])
    assert seen != "None"


def test_redis_down_means_answers_from_the_database(network_api, settings):
    settings.CACHES = {
        "default": redis_cache("redis://127.0.0.1:1/0"),  # nothing listens there
        "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "renditions"},
    }
    try:
        for path in (PHOENIX_LIST, PHOENIX_ARTICLE, "/api/v1/clinics/", "/api/v1/clinics/phoenix/contact/"):
            response = network_api.get(path)
            assert response.status_code == 200, (path, response.content[:300])
            assert response["ETag"]
        assert not delivery_cache.available()
    finally:
        delivery_cache._down_until = 0.0


def test_a_change_landing_during_a_build_is_not_cached_as_fresh(network_api, monkeypatch):
    """Another process saves the delivery settings after this request read its tag versions but
    before it built: this response may show the old value, the next one must not."""
    network_api.get(PHOENIX_ARTICLE)
    article = ArticlePage.objects.get(slug=SHARED, locale__language_code="en")
    delivery_cache.bump(f"content:{article.translation_key}")  # the cached copy is stale: the next one builds
    original = delivery_cache.request_tag_versions
    landed = []

    def then_another_process_saves(tags):
        versions = original(tags)
        if not landed:
            landed.append(True)
            DeliverySettings.objects.update(
                canonical_mode=DeliverySettings.CANONICAL_NETWORK, canonical_base_url="https://learn.example.com"
            )
            # Its bump, as that process's cache client writes it (not this request's memo).
            delivery_cache.set_many({delivery_cache.TAG_PREFIX + "settings": time.time_ns()})
        return versions

    monkeypatch.setattr(delivery_cache, "request_tag_versions", then_another_process_saves)
    network_api.get(PHOENIX_ARTICLE)
    monkeypatch.undo()
    assert landed
    assert network_api.get(PHOENIX_ARTICLE).json()["canonical_url"].startswith("https://learn.example.com/")


@pytest.fixture
def tempe(db):
    return second_arizona_clinic(frontend_base_url="https://tempe.example.com")


def test_a_contact_block_moved_to_another_clinic_leaves_the_first(warm, tempe):
    """Published under Phoenix by mistake, then its clinic corrected: Phoenix's cached answers go too."""
    block = ContactBlock.objects.get(clinic__slug="phoenix", locale__language_code="en")
    assert warm.get("/api/v1/clinics/phoenix/contact/?locale=en").json()["phone"] == block.phone
    block.clinic = tempe
    block.save_revision().publish()
    moved = warm.get("/api/v1/clinics/phoenix/contact/?locale=en")
    assert moved.status_code == 404 or (moved.json()["clinic"] == "phoenix" and moved.json()["phone"] != block.phone)
    article = warm.get(PHOENIX_ARTICLE).json()
    assert "contact" not in article or article["contact"]["clinic"] == "phoenix"
    assert warm.get("/api/v1/clinics/mesa-example/contact/?locale=en").json()["phone"] == block.phone


def test_an_override_moved_to_another_clinic_stops_hiding_for_the_first(warm):
    article = ArticlePage.objects.get(slug=SHARED, locale__language_code="en")
    override = SharedArticleOverride.objects.create(
        clinic=Clinic.objects.get(slug="phoenix"), article=article, hidden=True
    )
    assert SHARED not in slugs(warm)
    peoria_list = "/api/v1/clinics/peoria/articles/?page_size=100"
    assert SHARED in slugs(warm, peoria_list)
    override.clinic = Clinic.objects.get(slug="peoria")
    override.save()
    assert SHARED in slugs(warm)
    assert warm.get(PHOENIX_ARTICLE).status_code == 200
    assert SHARED not in slugs(warm, peoria_list)


def test_an_invalidation_lost_to_a_cache_outage_is_replayed(warm, django_capture_on_commit_callbacks):
    """The editing process cannot reach the cache when it unpublishes (here: it marked the cache
    unavailable a moment ago). Once the cache is reachable, the change reaches every answer."""
    from network.models import ContentChange
    from network.speed.invalidation import replay_pending

    article = ArticlePage.objects.get(slug=SHARED, locale__language_code="en")
    before = ContentChange.objects.filter(bumped=False).count()  # the test's own key, never committed
    delivery_cache._down_until = time.monotonic() + 60
    try:
        with django_capture_on_commit_callbacks(execute=True):
            article.unpublish()
    finally:
        delivery_cache._down_until = 0.0
    assert ContentChange.objects.filter(bumped=False).count() > before  # the bump did not reach the cache: kept
    assert warm.get(PHOENIX_ARTICLE).status_code == 200  # the other processes' view: the stale copy
    assert replay_pending() > 0
    assert not ContentChange.objects.filter(bumped=False).exists()
    assert warm.get(PHOENIX_ARTICLE).status_code == 404
    assert SHARED not in slugs(warm)


def test_a_bump_that_reached_the_cache_leaves_nothing_to_replay(warm, django_capture_on_commit_callbacks):
    from network.models import ContentChange

    before = ContentChange.objects.filter(bumped=False).count()  # the test's own key, never committed
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(slug=SHARED, locale__language_code="en").unpublish()
    assert ContentChange.objects.filter(bumped=False).count() == before
    assert warm.get(PHOENIX_ARTICLE).status_code == 404


def tag_in_other_process(tag: str) -> str:
    return other_process(f"print(cache.tag_versions(['{tag}'])['{tag}'])")


def test_another_process_sees_a_moved_contact_block_leave_its_clinic(network_api, shared_redis, tempe):
    """Two processes share Redis: the one serving Phoenix learns that the block left Phoenix."""
    block = ContactBlock.objects.get(clinic__slug="phoenix", locale__language_code="en")
    phoenix = f"clinic:{block.clinic_id}"
    network_api.get("/api/v1/clinics/phoenix/contact/?locale=en")
    seen = tag_in_other_process(phoenix)
    block.clinic = tempe
    block.save_revision().publish()
    assert tag_in_other_process(phoenix) != seen


def test_another_process_sees_a_lost_invalidation_once_replayed(network_api, shared_redis):
    """The editing process could not reach Redis at the moment of the change; the other process
    keeps the old version until a replay brings the change to Redis."""
    from network.speed.invalidation import replay_pending

    article = ArticlePage.objects.get(slug=SHARED, locale__language_code="en")
    tag = f"content:{article.translation_key}"
    network_api.get(PHOENIX_ARTICLE)
    seen = tag_in_other_process(tag)
    delivery_cache._down_until = time.monotonic() + 60
    try:
        article.unpublish()
    finally:
        delivery_cache._down_until = 0.0
    assert tag_in_other_process(tag) == seen  # lost for now
    assert replay_pending() > 0
    assert tag_in_other_process(tag) != seen


def test_another_process_sees_a_revoked_key_at_once(network_api, shared_redis, make_key):
    from api.models import FrontEndKey

    key = make_key("phoenix")
    seen = tag_in_other_process("keys")
    stored = FrontEndKey.objects.get(prefix=key.split(".")[0])
    stored.revoked = True
    stored.save()
    assert tag_in_other_process("keys") != seen
