"""Counting requests per key and minute in the shared cache: a sliding-window counter.

Each key has one integer counter per minute (window). A request is allowed while the current
window's count plus the previous window's, weighted by the part of that window still inside the
last minute and rounded down, is below the limit (the rounding lets in at most one request more
than an exact weighting, as in the ``limits`` library's sliding-window counter). So a key costs
two integers however many requests it makes, each kept two windows, and a check is one round
trip: on Redis a Lua script reads both counters and counts the request atomically, for every
process sharing it; on any other cache (development's local memory) the same reads and write run
under the process's lock, as no other process shares that cache.

Refused requests are not counted: a client that keeps calling while refused is let in again as
its earlier requests leave the last minute. The windows follow the application's clock
(``time.time()``), not Redis's, so tests move time instead of sleeping; servers sharing a Redis
keep their clocks in step (NTP), and a few milliseconds between them only move a window's edge.

If the cache is unavailable or fails, the request is allowed: a rate limit never fails a request.
"""

import contextlib
import hashlib
import math
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import caches
from django_redis import get_redis_connection
from django_redis.cache import RedisCache
from redis.exceptions import NoScriptError

from .cache import _failed, available

COUNTER_PREFIX = "rate:"  # the counters' cache keys: rate:<key>:<window>
WINDOW = 60  # seconds: limits are per minute
KEPT = 2 * WINDOW  # a window's counter is read as the previous one during the next window

# The first ARGV[1] KEYS are only read, and their values answered first (the cached fast path's
# read, in the same round trip); the last two KEYS are the current and the previous window's
# counters. ARGV[2..4]: the limit, the previous window's weight (the part of it still inside the
# last minute), the counters' lifetime in seconds. Answers the read values, then 1 if counted (0
# if refused), the current count (after counting) and the previous count.
COUNT_SCRIPT = """
local read = tonumber(ARGV[1])
local answer = {}
if read > 0 then
    answer = redis.call('MGET', unpack(KEYS, 1, read))
end
local counts = redis.call('MGET', KEYS[read + 1], KEYS[read + 2])
local current = tonumber(counts[1]) or 0
local previous = tonumber(counts[2]) or 0
local counted = 0
if math.floor(previous * tonumber(ARGV[3])) + current < tonumber(ARGV[2]) then
    counted = 1
    current = redis.call('INCR', KEYS[read + 1])
    if current == 1 then
        redis.call('EXPIRE', KEYS[read + 1], ARGV[4])
    end
end
answer[read + 1] = counted
answer[read + 2] = current
answer[read + 3] = previous
return answer
"""
COUNT_SCRIPT_SHA = hashlib.sha1(COUNT_SCRIPT.encode(), usedforsecurity=False).hexdigest()
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

    def script_arguments(self, read: Sequence[str] = ()) -> list:
        """EVALSHA's arguments after the script: the number of keys, the keys (``read``, already
        made by the cache, then the counters), the script's ARGV."""
        counters = [caches["default"].make_key(counter) for counter in self.counters]  # KEY_PREFIX, version
        return [len(read) + 2, *read, *counters, len(read), self.limit, repr(self.weight), KEPT]

    def read_and_count(self, client, read: list[str]) -> tuple[list, tuple[int, int, int]]:
        """The values of the ``read`` keys and the count's reply, in one round trip on Redis."""
        try:
            answer = client.evalsha(COUNT_SCRIPT_SHA, *self.script_arguments(read))
        except NoScriptError:
            answer = client.eval(COUNT_SCRIPT, *self.script_arguments(read))
        counted, current, previous = (int(value) for value in answer[len(read) :])
        return answer[: len(read)], (counted, current, previous)

    def result(self, reply: tuple[int, int, int]) -> Count:
        """The count from the script's reply (or the process's own count)."""
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
    """The script in one round trip (EVALSHA; the first time after Redis restarted, EVAL too)."""
    _, reply = pending.read_and_count(get_redis_connection("default"), [])  # the delivery cache's client
    return reply


def _count_in_process(pending: Counting) -> tuple[int, int, int]:
    """The script's reads and write on a cache no other process shares, under the process's lock."""
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
