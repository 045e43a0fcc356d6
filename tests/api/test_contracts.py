"""Golden shapes of every endpoint's response (normalised for ids and dates).

Clinic front-ends (the Phoenix, Peoria, Fayetteville and Tempe websites, and any that join
later) code against these shapes: a change here is a change of the v1 contract.
"""

import pytest
from rest_framework.test import APIClient

from tests.golden import assert_matches_golden

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("categories_phoenix_es", "/api/v1/clinics/phoenix/categories/?locale=es"),
        ("tags_peoria", "/api/v1/clinics/peoria/tags/"),
        ("sitemap_phoenix", "/api/v1/clinics/phoenix/sitemap/"),
        ("article_detail_peoria_en", "/api/v1/clinics/peoria/articles/what-is-ketamine-infusion-therapy/"),
        ("article_detail_fallback", "/api/v1/clinics/phoenix/articles/esketamine-vs-iv-ketamine/?locale=es"),
        ("article_list_filtered", "/api/v1/clinics/fayetteville/articles/?scope=clinic&ordering=title"),
        ("error_400", "/api/v1/clinics/phoenix/articles/?page_size=1000&colour=red"),
        ("error_404", "/api/v1/clinics/phoenix/articles/no-such-article/"),
    ],
)
def test_contract(network_api, name, path):
    assert_matches_golden(name, network_api.get(path).json())


def test_error_contracts(api_client_for):
    assert_matches_golden("error_401", APIClient().get("/api/v1/clinics/").json())
    assert_matches_golden("error_403", api_client_for("peoria").get("/api/v1/clinics/phoenix/").json())
