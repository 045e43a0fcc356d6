"""Wagtail's own admin API (the page explorer's side menu) answers editors with their session:
the delivery API's key authentication, rate limits and errors stay on the delivery API."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["editor", "admin"])
def test_the_page_explorer_menu_loads_for_editors(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get("/admin/api/main/pages/?child_of=1&for_explorer=1")
    assert response.status_code == 200, response.content[:300]
    assert "items" in response.json()


def test_the_admin_api_is_not_open_to_anonymous_visitors():
    response = Client().get("/admin/api/main/pages/")
    assert response.status_code in {302, 403}


def test_the_delivery_api_still_wants_a_key():
    response = Client().get("/api/v1/clinics/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
