"""CORS answers only a client's own origins, also on cached answers; a key's use is recorded.

Rate limits: tests/api/test_rate_limits.py."""

import pytest
from rest_framework.test import APIClient

from api.models import FrontEndClient, FrontEndKey
from clinics.models import Clinic

pytestmark = pytest.mark.django_db

ALLOWED = "https://www.ahwatukee.example.com"
OTHER = "https://evil.example.net"


@pytest.fixture
def browser_key():
    client = FrontEndClient.objects.create(
        name="Phoenix site",
        clinic=Clinic.objects.get(slug="phoenix"),
        allowed_origins=f"{ALLOWED}\nhttps://staging.ahwatukee.example.com",
    )
    return FrontEndKey.objects.create_key(name="browser", client=client)[1]


def api(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client


def test_listed_origin_gets_cors_headers(browser_key):
    response = api(browser_key).get("/api/v1/clinics/phoenix/", HTTP_ORIGIN=ALLOWED)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ALLOWED


def test_unlisted_origin_gets_none(browser_key):
    response = api(browser_key).get("/api/v1/clinics/phoenix/", HTTP_ORIGIN=OTHER)
    assert "Access-Control-Allow-Origin" not in response


def test_origin_of_another_client_is_refused_for_this_key(browser_key, make_key):
    other_key = make_key("peoria")  # a Peoria client that lists no origins
    response = api(other_key).get("/api/v1/clinics/peoria/", HTTP_ORIGIN=ALLOWED)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_preflight_for_a_listed_origin(browser_key):
    response = APIClient().options(
        "/api/v1/clinics/phoenix/articles/",
        HTTP_ORIGIN=ALLOWED,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ALLOWED
    assert "authorization" in response["Access-Control-Allow-Headers"]


def test_preflight_for_an_unlisted_origin(browser_key):
    response = APIClient().options(
        "/api/v1/clinics/phoenix/articles/", HTTP_ORIGIN=OTHER, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert "Access-Control-Allow-Origin" not in response


def test_inactive_clients_origins_are_refused(browser_key):
    for client in FrontEndClient.objects.all():
        client.is_active = False
        client.save()
    response = APIClient().options(
        "/api/v1/clinics/phoenix/articles/", HTTP_ORIGIN=ALLOWED, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert "Access-Control-Allow-Origin" not in response


def test_last_use_is_recorded(make_key):
    key = make_key("tempe")
    assert api(key).get("/api/v1/clinics/tempe/").status_code == 200
    assert FrontEndKey.objects.get(prefix=key.split(".")[0]).client.last_used_at is not None


def test_a_cached_answer_to_a_browser_costs_no_query(browser_key, django_assert_num_queries):
    """The origins the clients list are cached with the keys: a cached answer carrying ``Origin``
    is served without the database, and still with its CORS headers."""
    path = "/api/v1/clinics/phoenix/articles/"
    api(browser_key).get(path, HTTP_ORIGIN=ALLOWED)
    with django_assert_num_queries(0):
        response = api(browser_key).get(path, HTTP_ORIGIN=ALLOWED)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ALLOWED


def test_a_client_listing_a_new_origin_is_answered_at_once(browser_key):
    path = "/api/v1/clinics/phoenix/"
    assert "Access-Control-Allow-Origin" not in api(browser_key).get(path, HTTP_ORIGIN=OTHER)
    client = FrontEndClient.objects.get(name="Phoenix site")
    client.allowed_origins += f"\n{OTHER}"
    client.save()
    assert api(browser_key).get(path, HTTP_ORIGIN=OTHER)["Access-Control-Allow-Origin"] == OTHER
