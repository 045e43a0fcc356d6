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

import hashlib
import math
import threading
import time
from dataclasses import dataclass

from django.core.cache import caches
from django_redis import get_redis_connection
from django_redis.cache import RedisCache
from redis.exceptions import NoScriptError

from .cache import _failed, available

COUNTER_PREFIX = "rate:"  # the counters' cache keys: rate:<key>:<window>
WINDOW = 60  # seconds: limits are per minute
KEPT = 2 * WINDOW  # a window's counter is read as the previous one during the next window

# KEYS: the current and the previous window's counters. ARGV: the limit, the previous window's
# weight (the part of it still inside the last minute), the counters' lifetime in seconds.
# Returns {1 if counted, the current count (after counting), the previous count}.
COUNT_SCRIPT = """
local counts = redis.call('MGET', KEYS[1], KEYS[2])
local current = tonumber(counts[1]) or 0
local previous = tonumber(counts[2]) or 0
if math.floor(previous * tonumber(ARGV[2])) + current >= tonumber(ARGV[1]) then
    return {0, current, previous}
end
current = redis.call('INCR', KEYS[1])
if current == 1 then
    redis.call('EXPIRE', KEYS[1], ARGV[3])
end
return {1, current, previous}
"""
COUNT_SCRIPT_SHA = hashlib.sha1(COUNT_SCRIPT.encode(), usedforsecurity=False).hexdigest()
_process_lock = threading.Lock()  # for caches that are only the process's own


@dataclass(frozen=True)
class Count:
    allowed: bool
    retry_after: int | None = None  # when refused: whole seconds until a request would be allowed


def count_request(key: str, *, limit: int) -> Count:
    """Whether one more request under ``key`` is allowed now, counting it if so."""
    if not available():
        return Count(allowed=True)
    now = time.time()
    window = math.floor(now / WINDOW)
    elapsed = now - window * WINDOW
    weight = 1 - elapsed / WINDOW
    counters = (f"{COUNTER_PREFIX}{key}:{window}", f"{COUNTER_PREFIX}{key}:{window - 1}")  # current, previous
    try:
        if isinstance(caches["default"], RedisCache):
            allowed, current, previous = _count_on_redis(counters, limit=limit, weight=weight)
        else:
            allowed, current, previous = _count_in_process(counters, limit=limit, weight=weight)
    except Exception:  # the cache is down: serve rather than fail
        _failed("rate limits")
        return Count(allowed=True)
    if allowed:
        return Count(allowed=True)
    return Count(allowed=False, retry_after=seconds_until_allowed(current, previous, limit=limit, elapsed=elapsed))


def _count_on_redis(counters: tuple[str, str], *, limit: int, weight: float) -> tuple[bool, int, int]:
    """The script in one round trip (EVALSHA; the first time after Redis restarted, EVAL too)."""
    client = get_redis_connection("default")  # the delivery cache's own client and connections
    keys = [caches["default"].make_key(counter) for counter in counters]  # its KEY_PREFIX and version
    arguments = [*keys, limit, repr(weight), KEPT]
    try:
        counted, current, previous = client.evalsha(COUNT_SCRIPT_SHA, len(keys), *arguments)
    except NoScriptError:
        counted, current, previous = client.eval(COUNT_SCRIPT, len(keys), *arguments)
    return bool(counted), int(current), int(previous)


def _count_in_process(counters: tuple[str, str], *, limit: int, weight: float) -> tuple[bool, int, int]:
    """The script's reads and write on a cache no other process shares, under the process's lock."""
    cache = caches["default"]
    with _process_lock:
        counts = cache.get_many(counters)
        current, previous = counts.get(counters[0], 0), counts.get(counters[1], 0)
        if math.floor(previous * weight) + current >= limit:
            return False, current, previous
        cache.set(counters[0], current + 1, KEPT)
        return True, current + 1, previous


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
