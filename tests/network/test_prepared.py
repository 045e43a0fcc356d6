"""Hot delivery queries compiled once and run as prepared statements (network/speed/prepared.py):
every request still gets its own article and page, and on PostgreSQL one statement serves every
slug."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

PHOENIX = "/api/v1/clinics/phoenix/articles/"


def phoenix_slugs(client, locale: str) -> list[str]:
    response = client.get(f"{PHOENIX}?page_size=100&locale={locale}&fallback=false")
    return [item["slug"] for item in response.json()["results"]]


def test_each_request_gets_the_article_it_names(network_api, settings):
    settings.API_RESPONSE_CACHE = False
    english, spanish = phoenix_slugs(network_api, "en"), phoenix_slugs(network_api, "es")
    assert len(english) >= 6 and spanish
    # More requests than psycopg's threshold for preparing, in an order that revisits slugs.
    asked = [*english, *spanish, *reversed(english)]
    for slug in asked:
        locale = "es" if slug in spanish and slug not in english else "en"
        body = network_api.get(f"{PHOENIX}{slug}/?locale={locale}").json()
        assert (body["slug"], body["locale"]) == (slug, locale)


def test_an_unknown_slug_after_known_ones_is_a_404(network_api, settings):
    settings.API_RESPONSE_CACHE = False
    for slug in phoenix_slugs(network_api, "en")[:6]:
        assert network_api.get(f"{PHOENIX}{slug}/").status_code == 200
    assert network_api.get(f"{PHOENIX}no-such-article/").status_code == 404
    assert network_api.get(f"{PHOENIX}%27%20OR%201%3D1%20--/").status_code == 404


def test_pages_of_a_list_follow_their_limit_and_offset(network_api, settings):
    settings.API_RESPONSE_CACHE = False
    whole = phoenix_slugs(network_api, "en")
    pages = []
    for number in (1, 2, 3, 1, 2, 3):  # the same statement, with each page's limit and offset
        response = network_api.get(f"{PHOENIX}?page_size=2&page={number}&locale=en&fallback=false")
        pages.append([item["slug"] for item in response.json()["results"]])
    assert pages[:3] == [whole[0:2], whole[2:4], whole[4:6]]
    assert pages[3:] == pages[:3]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_one_prepared_statement_serves_every_slug(network_api, settings):
    settings.API_RESPONSE_CACHE = False
    slugs = phoenix_slugs(network_api, "en")
    for slug in slugs:
        assert network_api.get(f"{PHOENIX}{slug}/?locale=en").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans + custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE '%%wagtailcore_page%%slug%% = $1%%'"
        )
        runs = [row[0] for row in cursor.fetchall()]
    # psycopg prepares a statement on its fifth run; the rest of the slugs reuse it.
    assert runs and max(runs) >= len(slugs) - 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL compiles with holes")
def test_a_hole_inside_a_larger_value_is_refused_not_run():
    from articles.models import ArticlePage
    from network.speed.prepared import PreparedQuery

    query = PreparedQuery(
        key=("test: a hole in a LIKE pattern",),
        build=lambda values: ArticlePage.objects.filter(slug__contains=values["slug"]).values_list("pk"),
        holes={"slug": str},
    )
    with pytest.raises(ValueError, match="whole parameter"):
        query.rows({"slug": "ketamine"})


def test_a_query_that_can_match_nothing_answers_nothing():
    import uuid

    from articles.selectors import audience_for, served_versions
    from clinics.structure import LocaleRef, network_structure

    clinic = network_structure().clinics["phoenix"]
    nowhere = LocaleRef(pk=999_999, language_code="fr")  # no clinic home, no shared library
    audience = audience_for(clinic=clinic, locale=clinic.locales[0])
    found = served_versions(audience=audience, locales=[nowhere], translation_keys={uuid.uuid4()})
    assert found == []
