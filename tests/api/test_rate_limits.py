"""Per-key rate limits: each key may make its client's rate (or the network default) of requests
a minute, counted over a sliding minute in the shared cache with one round trip and two integers
per key, across processes sharing Redis; over it, a 429 with ``Retry-After``, also where the
answer is cached; a cache that is down never refuses a request.

Time is frozen at ten seconds into a minute and moved, never slept, so that no test depends on
the minute it runs in.
"""

import datetime

import pytest
import time_machine
from django_redis import get_redis_connection
from rest_framework.test import APIClient

from api.models import FrontEndClient, FrontEndKey
from network.settings.base import redis_cache
from network.speed import cache as delivery_cache
from tests.processes import other_process

pytestmark = pytest.mark.django_db

CLINICS = "/api/v1/clinics/"  # answered by the view (the cached fast path serves one clinic's paths)
ARTICLE = "/api/v1/clinics/phoenix/articles/what-is-ketamine-infusion-therapy/"


@pytest.fixture
def clock():
    """Frozen ten seconds into the next minute; ``clock.shift(seconds)`` moves it."""
    now = datetime.datetime.now(datetime.UTC)
    start = now.replace(second=10, microsecond=0) + datetime.timedelta(minutes=1)
    with time_machine.travel(start, tick=False) as traveller:
        yield traveller


def key_of(client: FrontEndClient, name: str = "key") -> str:
    return FrontEndKey.objects.create_key(name=name, client=client)[1]


def tight_key(per_minute: int | None = 3, name: str = "Tight") -> str:
    return key_of(FrontEndClient.objects.create(name=name, clinic=None, rate_limit_per_minute=per_minute))


def api(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client


def statuses(key: str, count: int, path: str = CLINICS) -> list[int]:
    return [api(key).get(path).status_code for _ in range(count)]


def assert_rate_limited(response) -> int:
    assert response.status_code == 429
    assert response.json()["error"]["status"] == 429 and response.json()["error"]["code"] == "throttled"
    return int(response["Retry-After"])


def test_over_the_limit_a_view_answers_429_until_retry_after(clock):
    key = tight_key(3)
    assert statuses(key, 3) == [200, 200, 200]
    retry_after = assert_rate_limited(api(key).get(CLINICS))
    assert 0 < retry_after <= 60
    clock.shift(retry_after - 1)
    assert_rate_limited(api(key).get(CLINICS))
    clock.shift(1)
    assert api(key).get(CLINICS).status_code == 200


def test_over_the_limit_a_cached_answer_is_refused_and_not_served_from_the_cache(
    clock, network_api, served_by_fast_path
):
    for _ in range(3):  # the answer is cached, and the fast path knows its tags
        network_api.get(ARTICLE)
    key = tight_key(3)
    served_by_fast_path.clear()
    assert statuses(key, 3, ARTICLE) == [200, 200, 200]
    assert served_by_fast_path == [ARTICLE] * 3
    served_by_fast_path.clear()
    retry_after = assert_rate_limited(api(key).get(ARTICLE))
    assert served_by_fast_path == []
    clock.shift(retry_after)
    assert api(key).get(ARTICLE).status_code == 200
    assert served_by_fast_path == [ARTICLE]


def test_the_count_is_per_key_at_its_clients_rate(clock, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    two_a_minute = FrontEndClient.objects.create(name="Two", rate_limit_per_minute=2)
    four_a_minute = FrontEndClient.objects.create(name="Four", rate_limit_per_minute=4)
    first, second = key_of(two_a_minute, "first"), key_of(two_a_minute, "second")
    assert statuses(first, 3) == [200, 200, 429]
    assert statuses(second, 3) == [200, 200, 429]
    assert statuses(key_of(four_a_minute), 5) == [200, 200, 200, 200, 429]
    assert statuses(tight_key(None, name="Network default"), 3) == [200, 200, 429]


def test_requests_are_allowed_again_as_the_minute_slides_on(clock):
    key = tight_key(3)
    assert statuses(key, 4) == [200, 200, 200, 429]
    clock.shift(60)  # 10 s into the next minute: the last minute still holds 50/60 of the three
    assert api(key).get(CLINICS).status_code == 200
    retry_after = assert_rate_limited(api(key).get(CLINICS))
    assert retry_after < 50  # within this minute, as more of the earlier requests leave the last minute
    clock.shift(retry_after)
    assert statuses(key, 2) == [200, 429]
    clock.shift(120)
    assert statuses(key, 4) == [200, 200, 200, 429]


def test_refused_requests_are_not_counted(clock):
    key = tight_key(3)
    assert statuses(key, 13) == [200, 200, 200] + [429] * 10
    clock.shift(60)
    assert statuses(key, 2) == [200, 429]  # as if the ten refused had not been made


@pytest.fixture
def redis(shared_redis):
    return get_redis_connection("default")


def stored_for(redis, key: str) -> dict[bytes, int]:
    """What the shared Redis holds about a key (whatever the names): bytes each entry takes."""
    prefix = key.split(".")[0]
    return {name: redis.memory_usage(name) for name in redis.scan_iter(f"*{prefix}*")}


def test_what_is_stored_for_a_key_does_not_grow_with_its_requests(clock, redis):
    key = tight_key(10_000)
    assert statuses(key, 2) == [200, 200]
    after_two = stored_for(redis, key)
    assert statuses(key, 200) == [200] * 200
    assert stored_for(redis, key) == after_two  # the same entries, each of the same size


def test_a_cached_answer_costs_one_redis_round_trip(network_api, redis, served_by_fast_path, monkeypatch):
    """Its read (the entry with its tag versions) and the rate limit's count, pipelined."""
    from redis.connection import Connection

    for _ in range(3):
        network_api.get(ARTICLE)
    sent = []
    original = Connection.send_packed_command
    monkeypatch.setattr(
        Connection,
        "send_packed_command",
        lambda self, command, *a, **k: sent.append(command) or original(self, command, *a, **k),
    )
    served_by_fast_path.clear()
    assert network_api.get(ARTICLE).status_code == 200
    assert served_by_fast_path == [ARTICLE]
    assert len(sent) == 1
    packed = b"".join(part if isinstance(part, bytes) else bytes(part) for part in sent[0])
    assert b"MGET" in packed and b"delivery:response:" in packed
    assert b"INCR" in packed and b"rate:frontend-key:" in packed


def test_a_connection_that_failed_mid_reply_is_not_reused(clock, redis, network_api, monkeypatch):
    """A round trip that fails after its first reply (a timeout, say) leaves replies unread on its
    connection: no later request reads those replies as its own (another article's body, another
    key's count). The connection is dropped (and redis-py checks a pooled connection for unread
    data before it lends it again)."""
    from redis.connection import Connection

    for _ in range(3):
        network_api.get(ARTICLE)
    key = tight_key(3)
    original, replies = Connection.read_response, []

    def fails_on_the_second_reply(self, *args, **kwargs):
        replies.append(self)
        if len(replies) == 2:
            raise TimeoutError("Redis timed out")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Connection, "read_response", fails_on_the_second_reply)
    answered = api(key).get(ARTICLE)
    monkeypatch.setattr(Connection, "read_response", original)
    delivery_cache._down_until = 0.0
    assert answered.status_code == 200
    later = api(key).get(CLINICS)
    assert later.status_code == 200 and later.json()["results"]
    assert api(key).get(ARTICLE).json()["slug"] == "what-is-ketamine-infusion-therapy"


def test_the_limit_holds_across_processes_sharing_redis(clock, redis):
    """Two servers behind a load balancer: a key's requests to either count towards one limit."""
    key = tight_key(3)
    assert statuses(key, 2) == [200, 200]
    prefix = key.split(".")[0]
    moment = datetime.datetime.now(datetime.UTC).isoformat()  # the frozen moment, for both processes
    seen = other_process(
        "import datetime, time_machine\n"
        "from api.models import FrontEndClient, FrontEndKey\n"
        "from api.throttling import FrontEndKeyThrottle\n"
        f"key = FrontEndKey(prefix={prefix!r}, client=FrontEndClient(rate_limit_per_minute=3))\n"
        f"with time_machine.travel(datetime.datetime.fromisoformat({moment!r}), tick=False):\n"
        "    print([FrontEndKeyThrottle().allow_key(key) for _ in range(2)])"
    )
    assert seen == "[True, False]"
    assert_rate_limited(api(key).get(CLINICS))


def test_a_cache_that_is_down_refuses_no_request(settings):
    key = tight_key(1)
    settings.CACHES = {
        "default": redis_cache("redis://127.0.0.1:1/0"),  # nothing listens there
        "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "renditions"},
    }
    try:
        assert statuses(key, 3) == [200, 200, 200]
        assert statuses(key, 3, ARTICLE) == [200, 200, 200]
        assert not delivery_cache.available()
    finally:
        delivery_cache._down_until = 0.0


def test_a_failing_count_refuses_no_request(redis, monkeypatch):
    """Redis answers the cache's reads but the count fails (a timeout, say): served all the same."""
    from redis.connection import Connection

    key = tight_key(1)
    original = Connection.send_packed_command

    def failing_counts(self, command, *args, **kwargs):
        packed = b"".join(part if isinstance(part, bytes) else bytes(part) for part in command)
        if b"INCR" in packed:
            raise ConnectionError("Redis timed out")
        return original(self, command, *args, **kwargs)

    monkeypatch.setattr(Connection, "send_packed_command", failing_counts)
    try:
        assert statuses(key, 3) == [200, 200, 200]
    finally:
        delivery_cache._down_until = 0.0


def test_a_request_the_fast_path_hands_to_the_view_is_counted_once(clock, redis, network_api, served_by_fast_path):
    """The fast path counts in its read; when the cached answer turns out stale, the view answers
    and counts the request itself, so the fast path gives its count back."""
    from network.speed import tags

    for _ in range(3):
        network_api.get(ARTICLE)
    key = tight_key(4)
    assert statuses(key, 2, ARTICLE) == [200, 200]  # the second is counted in the fast path's read
    delivery_cache.bump(tags.TAXONOMY)  # the cached answer is stale now
    served_by_fast_path.clear()
    assert statuses(key, 1, ARTICLE) == [200]
    assert served_by_fast_path == []  # the view answered the third
    assert statuses(key, 2, ARTICLE) == [200, 429]  # four in all


def test_a_wrong_secret_under_a_real_prefix_uses_none_of_the_keys_rate(clock, redis, network_api):
    for _ in range(3):
        network_api.get(ARTICLE)
    key = tight_key(2)
    assert statuses(key, 1, ARTICLE) == [200]
    wrong = key.split(".")[0] + ".not-the-secret"
    assert statuses(wrong, 5, ARTICLE) == [401] * 5
    assert statuses(key, 2, ARTICLE) == [200, 429]
