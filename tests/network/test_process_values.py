"""Values a process holds between requests (network structure, settings, keys, article terms):
used only while the cache's tag versions say they are current, which costs a request one cache
round trip for all of them, and a change anywhere (this process or another) is seen at once."""

import pytest

from network.models import DeliverySettings
from tests.api.test_cache_invalidation import PHOENIX_ARTICLE
from tests.processes import other_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted_cache_reads(monkeypatch):
    """The delivery cache's reads (the rate limit's count, a read of the same local-memory cache,
    is left out: tests/api/test_rate_limits.py counts it)."""
    from network.speed import cache as delivery_cache
    from network.speed.rate_limits import COUNTER_PREFIX

    reads = []
    original = delivery_cache.cache.get_many

    def counting(keys, *args, **kwargs):
        keys = list(keys)
        if not any(key.startswith(COUNTER_PREFIX) for key in keys):
            reads.append(keys)
        return original(keys, *args, **kwargs)

    monkeypatch.setattr(delivery_cache.cache, "get_many", counting)
    return reads


def test_an_article_costs_at_most_two_cache_reads_once_the_process_holds_its_parts(
    network_api, settings, counted_cache_reads
):
    settings.API_RESPONSE_CACHE = False
    network_api.get(PHOENIX_ARTICLE)
    counted_cache_reads.clear()
    assert network_api.get(PHOENIX_ARTICLE).status_code == 200
    # The shared tags' versions, then the clinic's (its contact block); nothing else.
    assert len(counted_cache_reads) <= 2, counted_cache_reads


def test_a_settings_change_is_seen_by_the_next_request(network_api, settings):
    settings.API_RESPONSE_CACHE = False
    assert network_api.get(PHOENIX_ARTICLE).json()["canonical_url"].startswith("https://")
    delivery = DeliverySettings.load()
    delivery.canonical_mode = DeliverySettings.CANONICAL_NETWORK
    delivery.canonical_base_url = "https://learn.example.com"
    delivery.save()
    assert network_api.get(PHOENIX_ARTICLE).json()["canonical_url"].startswith("https://learn.example.com/")


def test_another_processs_change_is_seen_by_this_ones_next_request(network_api, settings, shared_redis):
    settings.API_RESPONSE_CACHE = False
    before = network_api.get(PHOENIX_ARTICLE).json()["canonical_url"]
    # The row changes without this process hearing of it (as when another machine saves it) ...
    DeliverySettings.objects.update(
        canonical_mode=DeliverySettings.CANONICAL_NETWORK, canonical_base_url="https://learn.example.com"
    )
    assert network_api.get(PHOENIX_ARTICLE).json()["canonical_url"] == before  # this process still holds the old
    # ... and the other process bumps the tag, as its save does.
    other_process("cache.bump('settings')")
    assert network_api.get(PHOENIX_ARTICLE).json()["canonical_url"].startswith("https://learn.example.com/")


def test_a_key_revoked_behind_the_caches_back_is_refused_within_ten_minutes(make_key):
    """A script that revokes with ``QuerySet.update()`` sends no signal, so no tag is bumped; the
    process and the shared cache still re-read the key from the database within ten minutes."""
    import datetime

    import time_machine
    from django.utils import timezone
    from rest_framework.test import APIClient

    from api.models import FrontEndKey

    key = make_key("phoenix")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    for _ in range(2):
        assert client.get(PHOENIX_ARTICLE).status_code == 200
    FrontEndKey.objects.filter(prefix=key.split(".")[0]).update(revoked=True)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11), tick=True):
        assert client.get(PHOENIX_ARTICLE).status_code == 401


def test_a_process_store_keeps_the_most_recently_used_values_within_its_bound():
    """However many distinct URLs, keys or pages a process sees, it holds at most a store's
    ``maxsize`` of them (``make bench`` measures the resident memory that results)."""
    from network.speed.cache import forget_process_values, held_by_process

    store = held_by_process(maxsize=3)
    for number in range(3):
        store[f"entry-{number}"] = number
    assert store["entry-0"] == 0  # used again: kept over entry-1
    store["entry-3"] = 3
    assert set(store) == {"entry-0", "entry-2", "entry-3"}
    forget_process_values()
    assert len(store) == 0
