"""Counting requests per key and minute in the shared cache: a sliding-window counter.

Each key has one integer counter per minute (window). A request is allowed while the current
window's count plus the previous window's, weighted by the part of that window still inside the
last minute and rounded down, is below the limit (the rounding lets in at most one request more
than an exact weighting, as in the ``limits`` library's sliding-window counter). So a key costs
two integers however many requests it makes, each kept two windows, and a check is one round
trip. On Redis the round trip is pipelined plain commands: read the previous window's counter,
``INCR`` the current one (atomic, so processes sharing Redis never let in more than the limit),
renew its expiry; the decision is taken on the replies, and a request over the limit is uncounted
at once (``DECR``, a second round trip for refused requests only). No Lua script: on this
benchmark machine, running one cost the cached fast path a fifth of its throughput (see
docs/performance.md). On any other cache (development's local memory) the same reads and write
run under the process's lock, as no other process shares that cache.

Refused requests are not counted: a client that keeps calling while refused is let in again as
its earlier requests leave the last minute. (Between a refused request's ``INCR`` and its
``DECR``, a concurrent request of the same key sees one more: near the limit it may be refused
where an exact count would let it in, never the other way round.) The windows follow the application's clock
(``time.time()``), not Redis's, so tests move time instead of sleeping; servers sharing a Redis
keep their clocks in step (NTP), and a few milliseconds between them only move a window's edge.

If the cache is unavailable or fails, the request is allowed: a rate limit never fails a request.
"""

import contextlib
import math
import threading
import time
from dataclasses import dataclass

from django.core.cache import caches
from django_redis import get_redis_connection
from django_redis.cache import RedisCache

from .cache import _failed, available

COUNTER_PREFIX = "rate:"  # the counters' cache keys: rate:<key>:<window>
WINDOW = 60  # seconds: limits are per minute
KEPT = 2 * WINDOW  # a window's counter is read as the previous one during the next window

_process_lock = threading.Lock()  # for caches that are only the process's own


@dataclass(frozen=True)
class Count:
    allowed: bool
    retry_after: int | None = None  # when refused: whole seconds until a request would be allowed
    counted: "Counting | None" = None  # what was counted, to give it back (``give_back``)


@dataclass(frozen=True)
class Counting:
    """One request to count under ``key`` now: ``count_request`` runs it alone, and the cached
    fast path runs it in the same round trip as its cache read (``cache.read_with_tags``)."""

    key: str
    limit: int
    elapsed: float  # seconds into the current window
    counters: tuple[str, str]  # the current and the previous window's counter

    @property
    def weight(self) -> float:
        """The part of the previous window still inside the last minute."""
        return 1 - self.elapsed / WINDOW

    def read_and_count(self, client, read: list[str]) -> tuple[list, tuple[int, int, int]]:
        """The values of the ``read`` keys (already made by the cache) and the count's reply
        ``(counted, current, previous)``, in one round trip on Redis (``pipelined``)."""
        current_key, previous_key = (caches["default"].make_key(counter) for counter in self.counters)
        values, current, _ = pipelined(
            client, [("MGET", *read, previous_key), ("INCR", current_key), ("EXPIRE", current_key, KEPT)]
        )
        previous = int(values[-1] or 0)
        if math.floor(previous * self.weight) + current - 1 < self.limit:
            return values[:-1], (1, current, previous)
        client.decr(current_key)  # over the limit: not counted after all
        return values[:-1], (0, current - 1, previous)

    def result(self, reply: tuple[int, int, int]) -> Count:
        """The count from Redis's replies (or the process's own count)."""
        counted, current, previous = (int(value) for value in reply)
        if counted:
            return Count(allowed=True, counted=self)
        retry_after = seconds_until_allowed(current, previous, limit=self.limit, elapsed=self.elapsed)
        return Count(allowed=False, retry_after=retry_after)


def counting(key: str, *, limit: int) -> Counting:
    now = time.time()
    window = math.floor(now / WINDOW)
    counters = (f"{COUNTER_PREFIX}{key}:{window}", f"{COUNTER_PREFIX}{key}:{window - 1}")
    return Counting(key=key, limit=limit, elapsed=now - window * WINDOW, counters=counters)


def on_redis() -> bool:
    return isinstance(caches["default"], RedisCache)


def count_request(key: str, *, limit: int) -> Count:
    """Whether one more request under ``key`` is allowed now, counting it if so."""
    if not available():
        return Count(allowed=True)
    pending = counting(key, limit=limit)
    try:
        return pending.result(_count_on_redis(pending) if on_redis() else _count_in_process(pending))
    except Exception:  # the cache is down: serve rather than fail
        _failed("rate limits")
        return Count(allowed=True)


def give_back(count: Count | None) -> None:
    """Uncount a counted request that was not answered after all (the fast path let the view
    answer it, and the view counts it itself). Nothing for None or a request not counted."""
    if count is None or count.counted is None or not available():
        return
    with contextlib.suppress(Exception):  # gone (expired) or the cache is down: nothing to give back
        caches["default"].decr(count.counted.counters[0])


def _count_on_redis(pending: Counting) -> tuple[int, int, int]:
    _, reply = pending.read_and_count(get_redis_connection("default"), [])  # the delivery cache's client
    return reply


def pipelined(client, commands: list[tuple]) -> list:
    """The replies to ``commands``, sent together in one round trip on one of the client's pooled
    connections: what redis-py's ``pipeline()`` does, without building a pipeline object per
    request (which cost the cached fast path more than the round trip itself, see
    docs/performance.md). A connection that failed with replies unread is dropped, never
    returned to the pool, where the next command would read this one's replies.

    Upgrade check (redis-py): ``ConnectionPool.get_connection``/``release`` and ``Connection``'s
    ``pack_commands``, ``send_packed_command`` and ``read_response``, the methods redis-py's own
    pipeline uses; pinned by tests/api/test_rate_limits.py (one round trip, a failed reply)."""
    pool = client.connection_pool
    connection = pool.get_connection()
    try:
        connection.send_packed_command(connection.pack_commands(commands))
        return [connection.read_response() for _ in commands]
    except BaseException:
        connection.disconnect()
        raise
    finally:
        pool.release(connection)


def _count_in_process(pending: Counting) -> tuple[int, int, int]:
    """The same reads and write on a cache no other process shares, under the process's lock."""
    cache, (now, before) = caches["default"], pending.counters
    with _process_lock:
        counts = cache.get_many(pending.counters)
        current, previous = counts.get(now, 0), counts.get(before, 0)
        if math.floor(previous * pending.weight) + current >= pending.limit:
            return 0, current, previous
        cache.set(now, current + 1, KEPT)
        return 1, current + 1, previous


def seconds_until_allowed(current: int, previous: int, *, limit: int, elapsed: float) -> int:
    """The first whole second from now at which a request is allowed, if none is counted before:
    once the previous window's weighted count has fallen far enough, later in this window; or,
    when this window's own count is spent, in the next one (where this window is the previous)."""
    if current >= limit:
        until = WINDOW - elapsed + (WINDOW * (1 - limit / current) if current else 0.0)
    elif previous:
        until = WINDOW * (1 - (limit - current) / previous) - elapsed
    else:
        until = 0.0
    return max(1, math.floor(until) + 1)
