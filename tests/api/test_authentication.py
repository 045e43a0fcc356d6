"""Every API request needs a front-end key; a clinic's key reads its own clinic only."""

import hashlib

import pytest
from rest_framework.test import APIClient

from api.models import FrontEndClient, FrontEndKey

pytestmark = pytest.mark.django_db

CLINIC_PATHS = [
    "/api/v1/clinics/{clinic}/",
    "/api/v1/clinics/{clinic}/contact/",
    "/api/v1/clinics/{clinic}/articles/",
    "/api/v1/clinics/{clinic}/articles/what-is-ketamine-infusion-therapy/",
]


def error_of(response) -> dict:
    assert response["Content-Type"] == "application/json", response.content
    return response.json()["error"]


@pytest.mark.parametrize("path", ["/api/v1/clinics/", *[p.format(clinic="phoenix") for p in CLINIC_PATHS]])
def test_no_key_is_401_json_with_challenge(path):
    response = APIClient().get(path)
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Api-Key"


@pytest.mark.parametrize(
    "header",
    [
        "Api-Key nope.nope",
        "Api-Key not-a-key",
        "Bearer abc.def",
        "Api-Key ",
        "Api-Key a.b c",
        "Api-Key " + "x" * 5000,
        "Api-Key \u00e9\u00e9.\u00e9",
    ],
)
def test_malformed_or_unknown_key_is_401(header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/clinics/")
    assert response.status_code == 401
    assert error_of(response)["code"] == "authentication_failed"


def test_key_with_right_prefix_but_wrong_secret_is_401(make_key):
    key = make_key("phoenix")
    prefix = key.split(".")[0]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {prefix}.wrongsecret")
    assert client.get("/api/v1/clinics/phoenix/").status_code == 401


def test_revoked_key_is_401_at_once(make_key):
    key = make_key("phoenix")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert client.get("/api/v1/clinics/phoenix/").status_code == 200
    stored = FrontEndKey.objects.get(prefix=key.split(".")[0])
    stored.revoked = True
    stored.save()  # as the admin's "Revoke" does
    response = client.get("/api/v1/clinics/phoenix/")
    assert response.status_code == 401
    assert "revoked" in error_of(response)["message"]


def test_inactive_client_is_401(make_key):
    key = make_key("phoenix")
    client = FrontEndClient.objects.get(keys__prefix=key.split(".")[0])
    client.is_active = False
    client.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert client.get("/api/v1/clinics/phoenix/").status_code == 401


@pytest.mark.parametrize("path", CLINIC_PATHS)
def test_clinic_key_for_another_clinic_is_403_without_content(api_client_for, path):
    response = api_client_for("peoria").get(path.format(clinic="phoenix"))
    assert response.status_code == 403
    error = error_of(response)
    assert error["code"] == "permission_denied"
    assert "555" not in response.content.decode()


@pytest.mark.parametrize("path", CLINIC_PATHS)
def test_clinic_key_reads_its_own_clinic(api_client_for, path):
    assert api_client_for("phoenix").get(path.format(clinic="phoenix")).status_code == 200


def test_clinic_key_lists_only_its_own_clinic(api_client_for):
    response = api_client_for("fayetteville").get("/api/v1/clinics/")
    assert [clinic["slug"] for clinic in response.json()["results"]] == ["fayetteville"]


def test_network_key_lists_every_clinic(network_api):
    response = network_api.get("/api/v1/clinics/")
    assert response.status_code == 200
    slugs = {clinic["slug"] for clinic in response.json()["results"]}
    assert slugs == {"peoria", "phoenix", "fayetteville", "tempe"}


def test_keys_are_stored_hashed(make_key):
    key = make_key("phoenix")
    stored = FrontEndKey.objects.get(prefix=key.split(".")[0])
    assert key not in stored.hashed_key
    assert stored.hashed_key == "sha512$$" + hashlib.sha512(key.encode()).hexdigest()
    assert not FrontEndKey.objects.filter(id__contains=key.split(".")[1]).exists()


def test_unknown_clinic_is_404_json(network_api):
    response = network_api.get("/api/v1/clinics/nowhere/")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_unknown_api_path_is_404_json(network_api):
    response = network_api.get("/api/v1/nothing/here/")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_write_methods_are_405_json(network_api):
    response = network_api.post("/api/v1/clinics/phoenix/articles/", {"title": "x"}, format="json")
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"
