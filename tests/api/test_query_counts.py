"""Query ceilings for every endpoint, so a page of results never costs a query per item."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

ARTICLE = "/api/v1/clinics/phoenix/articles/what-is-ketamine-infusion-therapy/"
# Ceilings measured on the demo network, authentication and locale look-ups included.
CEILINGS = [
    ("/api/v1/clinics/", 4),
    ("/api/v1/clinics/phoenix/", 3),
    ("/api/v1/clinics/phoenix/contact/?locale=es", 5),
    ("/api/v1/clinics/phoenix/articles/?page_size=100", 12),
    ("/api/v1/clinics/phoenix/articles/?locale=es", 14),
    ("/api/v1/clinics/phoenix/articles/?search=ketamine", 13),
    (ARTICLE, 29),
    (ARTICLE + "?locale=es", 29),
    ("/api/v1/clinics/phoenix/categories/", 10),
    ("/api/v1/clinics/phoenix/tags/", 9),
    ("/api/v1/clinics/phoenix/sitemap/", 13),
]


@pytest.fixture
def warm_api(network_api):
    """The first request of a key records when it was last used; measure the ones after it."""
    network_api.get("/api/v1/clinics/")
    return network_api


@pytest.mark.parametrize(("path", "ceiling"), CEILINGS)
def test_endpoint_query_ceiling(warm_api, django_assert_max_num_queries, path, ceiling):
    with django_assert_max_num_queries(ceiling):
        assert warm_api.get(path).status_code == 200


def test_article_list_queries_do_not_grow_with_page_size(warm_api):
    counts = []
    for size in (1, 5, 50):
        with CaptureQueriesContext(connection) as queries:
            assert warm_api.get(f"/api/v1/clinics/phoenix/articles/?page_size={size}").status_code == 200
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts
