"""Query ceilings for every endpoint, so a page of results never costs a query per item."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

# Ceilings measured on the demo network; they include authentication and locale look-ups.
CEILINGS = [
    ("/api/v1/clinics/", 4),
    ("/api/v1/clinics/phoenix/", 3),
    ("/api/v1/clinics/phoenix/contact/?locale=es", 5),
    ("/api/v1/clinics/phoenix/articles/?page_size=100", 10),
    ("/api/v1/clinics/phoenix/articles/?locale=es", 11),
    ("/api/v1/clinics/phoenix/articles/what-is-ketamine-infusion-therapy/", 23),
    ("/api/v1/clinics/phoenix/articles/what-is-ketamine-infusion-therapy/?locale=es", 23),
]


@pytest.mark.parametrize(("path", "ceiling"), CEILINGS)
def test_endpoint_query_ceiling(network_api, django_assert_max_num_queries, path, ceiling):
    with django_assert_max_num_queries(ceiling):
        assert network_api.get(path).status_code == 200


def test_article_list_queries_do_not_grow_with_page_size(network_api):
    counts = []
    for size in (1, 5, 50):
        with CaptureQueriesContext(connection) as queries:
            assert network_api.get(f"/api/v1/clinics/phoenix/articles/?page_size={size}").status_code == 200
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts
