"""Every error on an API path is JSON in the one error shape, whatever answered it: Django's
handlers, the CSRF check, the catch-all routes, the schema and docs views, with DEBUG on or off."""

import json

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.utils.module_loading import import_string

from network import urls

pytestmark = pytest.mark.django_db


def assert_error_shape(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    error = json.loads(response.content)["error"]
    assert error["status"] == status and error["code"] and error["message"]
    return error


@pytest.mark.parametrize("path", ["/api/v1/clinics/", "/api/v1/schema/", "/api/v2/", "/api/v1/nowhere/"])
def test_a_host_not_in_allowed_hosts_is_a_json_400(path):
    assert_error_shape(Client().get(path, HTTP_HOST="attacker.example"), 400)


def test_the_admin_keeps_django_pages_for_a_bad_host():
    response = Client().get("/admin/login/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/v1/nowhere/", "/api/v1/clinics/phoenix/articles/x/y/", "/api/", "/api/v2/x"])
def test_a_write_to_an_unknown_api_path_is_a_json_404_not_a_csrf_page(method, path):
    client = Client(enforce_csrf_checks=True)  # as a browser or curl meets it: no CSRF token
    assert_error_shape(getattr(client, method)(path), 404)


@pytest.mark.parametrize("path", ["/api/", "/api/v2/x", "/api/v1", "/api/v1/nowhere/"])
def test_unknown_api_paths_are_json_404_with_debug_on(settings, path):
    settings.DEBUG = True  # Django's technical 404 page does not call handler404
    response = Client().get(path, follow=True)
    assert_error_shape(response, 404)


def test_a_csrf_failure_under_the_api_is_json_and_the_admin_keeps_djangos_page():
    failure_view = import_string(settings.CSRF_FAILURE_VIEW)
    error = assert_error_shape(failure_view(RequestFactory().post("/api/v1/clinics/"), reason="no token"), 403)
    assert error["code"] == "csrf_failed"
    admin = failure_view(RequestFactory().post("/admin/login/"), reason="no token")
    assert admin.status_code == 403 and admin["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(("handler", "status"), [("handler400", 400), ("handler403", 403), ("handler404", 404)])
def test_project_error_handlers_answer_json_under_the_api_only(handler, status):
    view = import_string(getattr(urls, handler))
    assert_error_shape(view(RequestFactory().get("/api/v1/clinics/"), exception=Exception("x")), status)
    page = view(RequestFactory().get("/admin/"), exception=Exception("x"))
    assert page.status_code == status and page["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("post", "/api/v1/schema/", 405),
        ("delete", "/api/v1/schema/", 405),
        ("get", "/api/v1/schema/?format=xml", 404),
        ("post", "/api/v1/docs/", 405),
        ("put", "/api/v1/docs/", 405),
    ],
)
def test_errors_of_the_schema_and_docs_are_json(method, path, status):
    """Their own renderers are YAML and an HTML template; their errors are the API's."""
    assert_error_shape(getattr(Client(), method)(path), status)
