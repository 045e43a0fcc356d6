"""Query budgets: an article list costs at most 5 queries and an article detail at most 8,
whatever the page size; every other endpoint stays as low. Asked with ``Origin``, as from a
clinic website's browser pages. Counted after a first request has
loaded the network structure, settings and the key into the delivery cache, with the response
cache off (these are the costs of building a response)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

LIST_BUDGET = 5
DETAIL_BUDGET = 8
ARTICLE = "/api/v1/clinics/phoenix/articles/what-is-ketamine-infusion-therapy/"
BUDGETS = [
    ("/api/v1/clinics/", 2),
    ("/api/v1/clinics/phoenix/", 2),
    ("/api/v1/clinics/phoenix/contact/?locale=es", 2),
    ("/api/v1/clinics/phoenix/articles/?page_size=100", LIST_BUDGET),
    ("/api/v1/clinics/phoenix/articles/?locale=es", LIST_BUDGET),
    ("/api/v1/clinics/phoenix/articles/?search=ketamine&category=treatment&tag=ketamine", LIST_BUDGET),
    ("/api/v1/clinics/peoria/articles/what-is-ketamine-infusion-therapy/", DETAIL_BUDGET),
    (ARTICLE, DETAIL_BUDGET),
    (ARTICLE + "?locale=es", DETAIL_BUDGET),
    ("/api/v1/clinics/phoenix/articles/esketamine-vs-iv-ketamine/?locale=es", DETAIL_BUDGET),
    # With the clinic's local introduction and call to action (the demo Phoenix's override).
    ("/api/v1/clinics/phoenix/articles/preparing-for-your-first-infusion/?locale=es", DETAIL_BUDGET),
    ("/api/v1/clinics/phoenix/categories/", LIST_BUDGET),
    ("/api/v1/clinics/phoenix/tags/", LIST_BUDGET),
    ("/api/v1/clinics/phoenix/sitemap/", LIST_BUDGET),
]


@pytest.fixture
def warm_api(network_api, settings, last_use_recorded_once):
    """A key whose first requests have filled the delivery cache with structure and settings (and
    recorded its last use, which no measured request then repeats)."""
    settings.API_RESPONSE_CACHE = False
    network_api.defaults["HTTP_ORIGIN"] = "https://www.phoenix.example.com"  # as clinic websites call
    for path, _ in BUDGETS:
        network_api.get(path)
    return network_api


@pytest.mark.parametrize(("path", "budget"), BUDGETS)
def test_endpoint_query_budget(warm_api, django_assert_max_num_queries, path, budget):
    with django_assert_max_num_queries(budget):
        assert warm_api.get(path).status_code == 200


def test_article_list_queries_do_not_grow_with_page_size(warm_api):
    counts = []
    for size in (10, 50, 100):
        with CaptureQueriesContext(connection) as queries:
            assert warm_api.get(f"/api/v1/clinics/phoenix/articles/?page_size={size}").status_code == 200
        counts.append(len(queries))
    assert len(set(counts)) == 1 and counts[0] <= LIST_BUDGET, counts
