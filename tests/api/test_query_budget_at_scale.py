"""The query budgets hold whatever the size of the network: the same number of queries for a
list page and an article with 100 articles or with 10,000 (built with ``generate_network``)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import ArticlePage

pytestmark = [pytest.mark.django_db, pytest.mark.scale]

LIST_BUDGET = 5
DETAIL_BUDGET = 8


def measure(client, slug: str) -> dict[str, int]:
    """Queries of each request, after a first round has filled the delivery metadata cache."""
    paths = {
        "list 10": "/api/v1/clinics/clinic-000/articles/?page_size=10",
        "list 50": "/api/v1/clinics/clinic-000/articles/?page_size=50",
        "list 100": "/api/v1/clinics/clinic-000/articles/?page_size=100",
        "filtered": "/api/v1/clinics/clinic-000/articles/?page_size=100&scope=shared&tag=ketamine",
        "search": "/api/v1/clinics/clinic-000/articles/?search=ketamine&page_size=20",
        "detail": f"/api/v1/clinics/clinic-000/articles/{slug}/",
    }
    for path in paths.values():
        client.get(path)
    counts = {}
    for name, path in paths.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts[name] = len(queries)
    return counts


def test_budgets_hold_from_100_to_10000_articles(network_api, settings, last_use_recorded_once):
    """Generating 10,000 articles takes minutes: the key's last use is recorded once, by the
    first request, so that no measured request pays for it."""
    settings.API_RESPONSE_CACHE = False  # count the queries of building responses
    network_api.defaults["HTTP_ORIGIN"] = "https://www.clinic-000.example.com"  # as from a browser
    out = io.StringIO()
    call_command("generate_network", clinics=3, articles=100, seed=1, stdout=out)
    slug = network_api.get("/api/v1/clinics/clinic-000/articles/?page_size=1").json()["results"][0]["slug"]
    small = measure(network_api, slug)
    call_command("generate_network", clinics=3, articles=9_900, seed=2, stdout=out)
    assert ArticlePage.objects.count() >= 10_000
    large = measure(network_api, slug)  # the same article, now among 10,000
    assert small == large, (small, large)
    for name, count in large.items():
        assert count <= (DETAIL_BUDGET if name == "detail" else LIST_BUDGET), (name, count)
