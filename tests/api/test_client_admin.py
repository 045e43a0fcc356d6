"""Front-end clients and their API keys in the Wagtail admin: keys shown once, revoked at once."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.test import APIClient

from api.models import FrontEndClient, FrontEndKey
from clinics.models import Clinic
from tests.network.conftest import logged_in

pytestmark = pytest.mark.django_db

KEY_INPUT = re.compile(r'id="api-key-value"\s+value="([^"]+)"')


@pytest.fixture
def superuser():
    return get_user_model().objects.get(username="admin")


@pytest.fixture
def editor():
    return get_user_model().objects.get(username="editor")


@pytest.fixture
def frontend_client():
    return FrontEndClient.objects.create(name="Network website", clinic=None)


def api_with(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client


def issue_key(admin, frontend_client) -> tuple[str, str]:
    """POST new-key as an admin; returns (plaintext key, page)."""
    response = admin.post(reverse("frontend_client_new_key", args=(frontend_client.pk,)))
    assert response.status_code == 200
    page = response.content.decode()
    match = KEY_INPUT.search(page)
    assert match, page
    return match.group(1), page


def test_superuser_adds_a_client_and_bad_origins_are_explained(superuser):
    admin = logged_in(superuser)
    url = reverse("frontend_clients:add")
    phoenix = Clinic.objects.get(slug="phoenix")
    data = {
        "name": "Phoenix website",
        "clinic": phoenix.pk,
        "kind": FrontEndClient.KIND_DELIVERY,
        "allowed_origins": "https://x.example.com/path",
        "rate_limit_per_minute": "120",
        "is_active": "on",
    }
    response = admin.post(url, data)
    assert response.status_code == 200
    assert "is not an origin" in response.content.decode()
    assert not FrontEndClient.objects.filter(name="Phoenix website").exists()

    response = admin.post(url, {**data, "allowed_origins": "https://x.example.com\nhttp://localhost:3000"})
    assert response.status_code == 302
    created = FrontEndClient.objects.get(name="Phoenix website")
    assert (created.clinic, created.rate_limit_per_minute, created.is_active) == (phoenix, 120, True)
    assert created.origins == ["https://x.example.com", "http://localhost:3000"]
    assert not created.keys.exists()


def test_client_admin_pages_render(superuser, frontend_client):
    admin = logged_in(superuser)
    index = admin.get(reverse("frontend_clients:index"))
    assert index.status_code == 200
    assert "Network website" in index.content.decode()
    edit = admin.get(reverse("frontend_clients:edit", args=(frontend_client.pk,)))
    assert edit.status_code == 200
    assert reverse("frontend_client_keys", args=(frontend_client.pk,)) in edit.content.decode()
    keys = admin.get(reverse("frontend_client_keys", args=(frontend_client.pk,)))
    assert keys.status_code == 200
    assert "no keys yet" in keys.content.decode()


def test_get_on_new_key_only_asks_for_confirmation(superuser, frontend_client):
    response = logged_in(superuser).get(reverse("frontend_client_new_key", args=(frontend_client.pk,)))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Yes, issue a new key" in page
    assert 'method="post"' in page
    assert not frontend_client.keys.exists()


def test_new_key_is_shown_once_and_works(superuser, frontend_client):
    key, page = issue_key(logged_in(superuser), frontend_client)
    assert page.count(key) == 1
    assert "sha512$$" not in page
    assert "will not be shown again" in page
    stored = FrontEndKey.objects.get(client=frontend_client)
    assert stored.name == "Network website key"
    assert key.startswith(f"{stored.prefix}.")
    assert stored.hashed_key not in page
    assert key not in stored.hashed_key

    response = api_with(key).get("/api/v1/clinics/")
    assert response.status_code == 200
    # A network-wide client reads every clinic.
    for clinic in Clinic.objects.all():
        assert api_with(key).get(f"/api/v1/clinics/{clinic.slug}/").status_code == 200


def test_key_list_shows_prefixes_never_hashes(superuser, frontend_client):
    admin = logged_in(superuser)
    key, _ = issue_key(admin, frontend_client)
    stored = FrontEndKey.objects.get(client=frontend_client)
    page = admin.get(reverse("frontend_client_keys", args=(frontend_client.pk,))).content.decode()
    assert stored.prefix in page
    assert key not in page
    assert "sha512$$" not in page
    assert reverse("frontend_client_revoke_key", args=(frontend_client.pk, stored.prefix)) in page


def test_revoking_a_key_refuses_it_at_once(superuser, frontend_client):
    admin = logged_in(superuser)
    key, _ = issue_key(admin, frontend_client)
    assert api_with(key).get("/api/v1/clinics/").status_code == 200
    prefix = key.split(".")[0]
    url = reverse("frontend_client_revoke_key", args=(frontend_client.pk, prefix))

    response = admin.post(url, follow=True)
    assert response.status_code == 200
    assert "has been revoked" in response.content.decode()
    assert FrontEndKey.objects.get(prefix=prefix).revoked
    assert api_with(key).get("/api/v1/clinics/").status_code == 401


def test_revoking_only_touches_that_clients_key(superuser, frontend_client):
    admin = logged_in(superuser)
    key, _ = issue_key(admin, frontend_client)
    other = FrontEndClient.objects.create(name="Other website")
    prefix = key.split(".")[0]
    assert admin.post(reverse("frontend_client_revoke_key", args=(other.pk, prefix))).status_code == 404
    assert not FrontEndKey.objects.get(prefix=prefix).revoked


def test_get_on_revoke_is_405_and_revokes_nothing(superuser, frontend_client):
    admin = logged_in(superuser)
    key, _ = issue_key(admin, frontend_client)
    prefix = key.split(".")[0]
    response = admin.get(reverse("frontend_client_revoke_key", args=(frontend_client.pk, prefix)))
    assert response.status_code == 405
    assert not FrontEndKey.objects.get(prefix=prefix).revoked
    assert api_with(key).get("/api/v1/clinics/").status_code == 200


def test_editor_can_reach_none_of_it(editor, frontend_client):
    _, key = FrontEndKey.objects.create_key(name="existing", client=frontend_client)
    prefix = key.split(".")[0]
    client = logged_in(editor)
    pk = frontend_client.pk
    urls = [
        reverse("frontend_clients:index"),
        reverse("frontend_clients:add"),
        reverse("frontend_clients:edit", args=(pk,)),
        reverse("frontend_client_keys", args=(pk,)),
        reverse("frontend_client_new_key", args=(pk,)),
    ]
    for url in urls:
        assert client.get(url).status_code in (302, 403), url
    assert client.post(reverse("frontend_clients:add"), {"name": "Sneaky", "kind": "delivery"}).status_code in (
        302,
        403,
    )
    assert client.post(reverse("frontend_client_new_key", args=(pk,))).status_code in (302, 403)
    revoke_url = reverse("frontend_client_revoke_key", args=(pk, prefix))
    assert client.post(revoke_url).status_code in (302, 403)
    assert client.get(revoke_url).status_code in (302, 403)

    assert not FrontEndClient.objects.filter(name="Sneaky").exists()
    assert list(frontend_client.keys.values_list("prefix", "revoked")) == [(prefix, False)]
    assert api_with(key).get("/api/v1/clinics/").status_code == 200


def test_anonymous_is_sent_to_login(frontend_client):
    from django.test import Client

    response = Client().post(reverse("frontend_client_new_key", args=(frontend_client.pk,)))
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not frontend_client.keys.exists()
