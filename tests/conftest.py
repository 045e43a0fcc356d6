"""Shared fixtures: the demo network, loaded once per test session, and API clients with keys."""

import contextlib
import datetime
import io
import os

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from api.models import FrontEndClient, FrontEndKey
from changes.relay import relay_pending
from clinics.models import Clinic
from network.settings.base import redis_cache
from tests.processes import REDIS_URL


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The demo network is the expensive tree every test reads; each test rolls back its own changes."""
    with django_db_blocker.unblock():
        call_command("load_demo_network", stdout=io.StringIO())
        relay_pending()  # what the demo network serves is recorded: each test's changes are its own


@pytest.fixture
def make_key(db):
    def make(clinic_slug: str | None = None) -> str:
        clinic = Clinic.objects.get(slug=clinic_slug) if clinic_slug else None
        client = FrontEndClient.objects.create(name=f"test {clinic_slug or 'network'}", clinic=clinic)
        _, key = FrontEndKey.objects.create_key(name="test key", client=client)
        return key

    return make


@pytest.fixture
def api_client_for(make_key):
    """An API client authenticated as a clinic's front-end (a slug) or the network's (None)."""

    def make(clinic_slug: str | None = None) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Api-Key {make_key(clinic_slug)}")
        return client

    return make


@pytest.fixture
def network_api(api_client_for) -> APIClient:
    return api_client_for(None)


@pytest.fixture(autouse=True)
def empty_delivery_cache():
    """Each test starts with an empty cache (and no values held by the process, nor rendition
    look-ups: on SQLite a rolled-back image's id comes back for the next test's image), as its
    database changes are rolled back after it."""
    from django.core.cache import cache, caches

    from network.speed.cache import forget_process_values

    cache.clear()
    caches["renditions"].clear()
    forget_process_values()
    yield
    with contextlib.suppress(Exception):  # a test that pointed the cache at a dead Redis
        cache.clear()


@pytest.fixture
def last_use_recorded_once(monkeypatch):
    """A client's "last used" time is written at most once a minute (``record_use``), so a test
    that counts queries over more than a minute would see that write in whichever request
    crosses the minute. With this fixture the first request records it for the whole test, and
    every later request costs the same whenever it runs."""
    from api import authentication

    monkeypatch.setattr(authentication, "LAST_USED_RESOLUTION", datetime.timedelta(days=1))


@pytest.fixture
def editor_and_reviewer(db):
    """Approve and publish content as the demo editor and reviewer (the real workflow)."""
    from tests.factories import approve_and_publish

    return approve_and_publish


@pytest.fixture
def shared_redis(settings):
    """Both processes use the same Redis; CI always has one, a laptop may not (then: skip)."""
    settings.CACHES = {
        "default": redis_cache(REDIS_URL),  # the production backend, as the other process has it
        "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "renditions"},
    }
    from django.core.cache import cache

    try:
        cache.clear()
    except Exception:
        if os.environ.get("CI"):
            raise
        pytest.skip("No Redis at TEST_REDIS_URL on this machine; CI runs this test against its Redis.")
    yield cache
    cache.clear()


@pytest.fixture
def served_by_fast_path(monkeypatch) -> list[str]:
    """The paths of the answers the cached fast path (``api.fast_path``) served, as they come."""
    from api import fast_path

    served = []
    original = fast_path.respond

    def counting(request, entry):
        served.append(request.path)
        return original(request, entry)

    monkeypatch.setattr(fast_path, "respond", counting)
    return served


@pytest.fixture
def admin_client(db):
    """The demo administrator in the admin; a server error is answered as a 500, not raised."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username="admin"))
    return client
