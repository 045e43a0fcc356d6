"""HTTP caching of content responses: validators, conditional requests answered with a 304
without building anything, cache headers, and surrogate keys for a CDN."""

import pytest
from django.utils.http import http_date

from articles.models import ArticlePage
from clinics.models import Clinic

pytestmark = pytest.mark.django_db

ARTICLE = "/api/v1/clinics/phoenix/articles/what-is-ketamine-infusion-therapy/"
CONTENT_PATHS = [
    "/api/v1/clinics/",
    "/api/v1/clinics/phoenix/",
    "/api/v1/clinics/phoenix/contact/",
    "/api/v1/clinics/phoenix/articles/",
    ARTICLE,
    "/api/v1/clinics/phoenix/categories/",
    "/api/v1/clinics/phoenix/tags/",
    "/api/v1/clinics/phoenix/sitemap/",
]


@pytest.mark.parametrize("path", CONTENT_PATHS)
def test_content_responses_carry_validators_and_cache_headers(network_api, settings, path):
    settings.API_CACHE_MAX_AGE = 30
    settings.API_CACHE_STALE_WHILE_REVALIDATE = 120
    response = network_api.get(path)
    assert response.status_code == 200
    etag = response["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
    assert response["Last-Modified"]
    assert response["Cache-Control"] == "max-age=30, stale-while-revalidate=120"
    assert {"Accept-Language", "Authorization", "Origin"} <= {v.strip() for v in response["Vary"].split(",")}
    assert response["Surrogate-Key"]
    assert response["Cache-Tag"] == ",".join(response["Surrogate-Key"].split())


@pytest.mark.parametrize("path", CONTENT_PATHS)
def test_if_none_match_gets_304_without_a_query(network_api, django_assert_num_queries, path):
    """Asked from a browser (with ``Origin``), as clinic websites do."""
    origin = {"HTTP_ORIGIN": "https://www.phoenix.example.com"}
    network_api.get(ARTICLE, **origin)  # the very first request creates the settings rows, so is not stored
    etag = network_api.get(path, **origin)["ETag"]
    with django_assert_num_queries(0):
        response = network_api.get(path, HTTP_IF_NONE_MATCH=etag, **origin)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_other_etag_gets_the_body(network_api):
    response = network_api.get(ARTICLE, HTTP_IF_NONE_MATCH='"something-else", W/"other"')
    assert response.status_code == 200
    assert response.json()["slug"] == "what-is-ketamine-infusion-therapy"


def test_if_modified_since(network_api):
    network_api.get(ARTICLE)  # the very first request creates the settings rows, so is not stored
    first = network_api.get(ARTICLE)
    assert network_api.get(ARTICLE, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert network_api.get(ARTICLE, HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200
    assert network_api.get(ARTICLE, HTTP_IF_MODIFIED_SINCE="not a date").status_code == 200


def test_if_none_match_wins_over_if_modified_since(network_api):
    network_api.get(ARTICLE)
    first = network_api.get(ARTICLE)
    response = network_api.get(ARTICLE, HTTP_IF_NONE_MATCH='"stale"', HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert response.status_code == 200


def test_etag_changes_when_the_content_changes(network_api, editor_and_reviewer):
    before = network_api.get(ARTICLE)["ETag"]
    article = ArticlePage.objects.get(slug="what-is-ketamine-infusion-therapy", locale__language_code="en")
    article.title = "What Is Ketamine Infusion Therapy? (updated)"
    editor_and_reviewer(article)
    response = network_api.get(ARTICLE, HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200
    assert response["ETag"] != before
    assert response.json()["title"].endswith("(updated)")


def test_surrogate_keys_name_the_clinic_and_the_content(network_api):
    response = network_api.get(ARTICLE)
    keys = set(response["Surrogate-Key"].split())
    article = ArticlePage.objects.get(slug="what-is-ketamine-infusion-therapy", locale__language_code="en")
    assert f"content:{article.translation_key}" in keys
    assert f"clinic:{Clinic.objects.get(slug='phoenix').pk}" in keys


def test_errors_are_not_cached_and_carry_no_validators(network_api):
    response = network_api.get("/api/v1/clinics/phoenix/articles/no-such-article/")
    assert response.status_code == 404
    assert "ETag" not in response


def test_a_refused_key_never_gets_a_cached_response(network_api, api_client_for):
    network_api.get(ARTICLE)  # now cached
    response = api_client_for("peoria").get(ARTICLE)
    assert response.status_code == 403
    assert "ETag" not in response


def test_a_representation_changed_within_the_same_second_is_never_304(network_api, editor_and_reviewer):
    """A client holding the article sends back its Last-Modified; the article changes within the
    same second: the client gets the new body, and afterwards a 304 for that one."""
    import datetime

    import time_machine

    with time_machine.travel(
        datetime.datetime(2026, 12, 1, 10, 0, 0, 100_000, tzinfo=datetime.UTC), tick=False
    ) as clock:
        network_api.get(ARTICLE)
        held = network_api.get(ARTICLE)
        article = ArticlePage.objects.get(slug="what-is-ketamine-infusion-therapy", locale__language_code="en")
        article.title = "What Is Ketamine Infusion Therapy? (same second)"
        editor_and_reviewer(article)
        clock.shift(0.5)  # still 10:00:00
        changed = network_api.get(ARTICLE, HTTP_IF_MODIFIED_SINCE=held["Last-Modified"])
        assert changed.status_code == 200
        assert changed.json()["title"].endswith("(same second)")
        assert changed["Last-Modified"] != held["Last-Modified"]
        assert network_api.get(ARTICLE, HTTP_IF_MODIFIED_SINCE=changed["Last-Modified"]).status_code == 304


def test_without_the_response_cache_only_etags_answer_304(network_api, settings):
    settings.API_RESPONSE_CACHE = False
    first = network_api.get(ARTICLE)
    assert network_api.get(ARTICLE, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200
    assert network_api.get(ARTICLE, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
