"""The delivery cache: Django's cache (Redis when ``REDIS_URL`` is set) used so that it never
fails a request. If the cache is down, reads miss and writes are skipped: requests are served
from the database.

Invalidation is by tag (the names are defined in ``network.speed.tags``). Every change bumps the
version of the tags it touches (``clinic:3``, ``content:<translation key>``, ``list:shared`` ...);
a cached value remembers the versions of its tags when it was built and is only used while they
are unchanged. With Redis this holds across processes and machines.
"""

import contextlib
import contextvars
import functools
import logging
import secrets
import threading
import time
import typing
from collections.abc import Callable, Iterable

from cachetools import LRUCache
from django.core.cache import cache, caches
from django_redis import get_redis_connection
from django_redis.cache import RedisCache

from .keys import digest
from .tags import COMMON

logger = logging.getLogger(__name__)
TAG_PREFIX = "delivery:tag:"
RETRY_AFTER_FAILURE = 5.0  # seconds without trying the cache after it failed
_down_until = 0.0


def available() -> bool:
    """False for a few seconds after the cache failed, so a dead Redis costs one timeout, not one per call."""
    return time.monotonic() >= _down_until


def _failed(action: str) -> None:
    global _down_until
    _down_until = time.monotonic() + RETRY_AFTER_FAILURE
    logger.warning("Delivery cache unavailable for %s; serving from the database.", action, exc_info=True)


def get_many(keys: Iterable[str]) -> dict:
    if not available():
        return {}
    try:
        return cache.get_many(list(keys))
    except Exception:  # the cache is an optimisation: any failure is a miss
        _failed("reads")
        return {}


def get(key: str):
    return get_many([key]).get(key)


def set_many(values: dict, timeout: int | None = None) -> bool:
    """Write the values; False when the cache is unavailable or the write failed."""
    if not available():
        return False
    try:
        failed = cache.set_many(values, timeout)
    except Exception:
        _failed("writes")
        return False
    return not failed


def add(key: str, value, timeout: int) -> bool | None:
    """``cache.add``: True if the key was new; None when the cache is unavailable."""
    if not available():
        return None
    try:
        return cache.add(key, value, timeout)
    except Exception:
        _failed("writes")
        return None


def new_version() -> int:
    """A tag version no other bump gives: random, not the clock, which two bumps can read alike
    (a coarse or a stepped-back clock) and so lose the second one."""
    return secrets.randbits(63)


def bump(*tags: str) -> bool:
    """Mark everything built from these tags as stale, in every process sharing the cache (and
    in the current request's memo, so it reads the new values too). False when the shared cache
    did not take the new versions."""
    token = new_version()
    written = set_many({TAG_PREFIX + tag: token for tag in tags}, None)
    memo = _request_values.get()
    if memo is not None:
        known = memo.get(_REQUEST_TAGS, {})
        memo.clear()
        memo[_REQUEST_TAGS] = {**known, **dict.fromkeys(tags, token)}
    return written


def tag_versions(tags: Iterable[str]) -> dict[str, int | None]:
    tags = list(tags)
    found = get_many(TAG_PREFIX + tag for tag in tags)
    return {tag: found.get(TAG_PREFIX + tag) for tag in tags}


def current_tag_versions(tags: Iterable[str]) -> dict[str, int]:
    """The tags' versions, giving any tag without one (new, or evicted) a fresh version."""
    found = tag_versions(tags)
    versions = {tag: version for tag, version in found.items() if version is not None}
    missing = {tag for tag, version in found.items() if version is None}
    if missing:
        token = new_version()
        set_many({TAG_PREFIX + tag: token for tag in missing}, None)
        versions.update(dict.fromkeys(missing, token))
    return versions


def is_fresh(stored: dict[str, int], current: dict[str, int | None]) -> bool:
    return all(current.get(tag) is not None and current[tag] == version for tag, version in stored.items())


# Values already read during this request (network structure, settings, keys): read once per request.
_request_values: contextvars.ContextVar[dict | None] = contextvars.ContextVar("delivery_request_values", default=None)
_REQUEST_TAGS = "\x00tags"  # the memo's entry holding the tag versions read during the request

# Tags nearly every delivery request reads: fetched together the first time a request needs any.
COMMON_TAGS = COMMON

# Values this process built or read, with the tag versions they were built at. A value is used
# while the request's current versions of its tags match, so a cached value costs no round trip
# of its own; the tag versions cost one per request.
PROCESS_VALUES_KEPT = 5000
HELD_AT_MOST = 3600  # seconds, for values the shared cache keeps without expiry


class ProcessStore(LRUCache):
    """Values a process holds between requests, at most ``maxsize`` of them: the least recently
    used goes first, so a process's memory stays bounded however many distinct URLs, keys or
    pages it sees. Locked, as a threaded server's requests share it (cachetools' containers are
    not thread-safe on their own)."""

    def __init__(self, maxsize: int):
        super().__init__(maxsize)
        self._lock = threading.RLock()

    def __getitem__(self, key):
        with self._lock:
            return super().__getitem__(key)

    def __setitem__(self, key, value):
        with self._lock:
            super().__setitem__(key, value)

    def __delitem__(self, key):
        with self._lock:
            super().__delitem__(key)

    def get(self, key, default=None):
        with self._lock:
            return super().get(key, default)

    def pop(self, key, *default):
        with self._lock:
            return super().pop(key, *default)

    def clear(self):
        with self._lock:
            super().clear()


_held: list[ProcessStore] = []


def held_by_process(*, maxsize: int) -> ProcessStore:
    """A new store of values this process holds between requests (``ProcessStore``)."""
    held = ProcessStore(maxsize)
    _held.append(held)
    return held


_process_values: ProcessStore = held_by_process(maxsize=PROCESS_VALUES_KEPT)


def forget_process_values() -> None:
    """Empty every store of values this process holds (``held_by_process``): for tests, whose
    rolled-back databases may reuse ids."""
    for held in _held:
        held.clear()


@contextlib.contextmanager
def request_scope():
    """Each request's own memo of cached values, so repeated look-ups cost nothing."""
    token = _request_values.set({})
    try:
        yield
    finally:
        _request_values.reset(token)


def request_tag_versions(tags: Iterable[str]) -> dict[str, int | None]:
    """Current versions of ``tags``, read once per request: the first read also fetches the
    ``COMMON_TAGS``, so a request usually pays one round trip for all its tag versions."""
    tags = list(tags)
    memo = _request_values.get()
    if memo is None:
        return tag_versions(tags)
    known = memo.setdefault(_REQUEST_TAGS, {})
    missing = [tag for tag in tags if tag not in known]
    if missing:
        if not known:
            missing = list(dict.fromkeys([*missing, *COMMON_TAGS]))
        known.update(tag_versions(missing))
    return {tag: known[tag] for tag in tags}


def read_with_tags(key: str, *, tags: Iterable[str], counting=None):
    """The value under ``key``, reading the versions of ``tags`` (and, first in a request, the
    ``COMMON_TAGS``) into the request's memo in the same round trip: the cached fast path's one
    read, after which ``cached`` values whose tags it read cost no round trip.

    With ``counting`` (a rate limit's ``rate_limits.Counting``) and Redis, the request is counted
    in that same round trip (pipelined with the read): the answer is ``(value, the
    count's reply)``; the reply is None where it was not counted (another cache, a failure)."""
    memo = _request_values.get()
    known = memo.setdefault(_REQUEST_TAGS, {}) if memo is not None else {}
    missing = [tag for tag in dict.fromkeys([*tags, *([] if known else COMMON_TAGS)]) if tag not in known]
    keys = [key, *(TAG_PREFIX + tag for tag in missing)]
    reply = None
    if counting is not None and available() and isinstance(caches["default"], RedisCache):
        found, reply = _read_and_count(keys, counting)
    else:
        found = get_many(keys)
    known.update({tag: found.get(TAG_PREFIX + tag) for tag in missing})
    return (found.get(key), reply) if counting is not None else found.get(key)


def _read_and_count(keys: list[str], counting) -> tuple[dict, tuple | None]:
    """``get_many(keys)`` and the count in one round trip, through django-redis's own client
    (its connections, key prefix and serializer)."""
    shared = typing.cast(RedisCache, caches["default"])  # the caller checked
    made = [shared.make_key(each) for each in keys]
    try:
        values, reply = counting.read_and_count(get_redis_connection("default"), made)
    except Exception:
        _failed("reads")
        return {}, None
    found = {each: shared.client.decode(value) for each, value in zip(keys, values, strict=True) if value is not None}
    return found, reply


def held_value(key: str):
    """What this process holds for ``key`` (``cached``), unchecked, or None: a guess to act on
    before the round trip that checks it; ``cached`` returns the same object while it is current."""
    held = _process_values.get(key)
    return held[1] if held is not None else None


def versions_to_guard(tags: Iterable[str]) -> dict[str, int]:
    """Versions of ``tags`` to check a build against (see ``api.http_cache``): those this request
    already read, since the values it builds with were checked against them; the rest read now
    (and created where missing). A change that lands after the request's first read then shows
    as a changed version after the build, and the build is not stored as fresh."""
    tags = list(tags)
    memo = _request_values.get()
    known = memo.get(_REQUEST_TAGS, {}) if memo is not None else {}
    versions = {tag: known[tag] for tag in tags if known.get(tag) is not None}
    missing = [tag for tag in tags if tag not in versions]
    if missing:
        versions.update(current_tag_versions(missing))
    return versions


def cached(key: str, *, tags: Iterable[str], build, timeout: int | None = 3600):
    """``build()``'s value, cached under ``key`` until any of ``tags`` changes. A value this
    process already holds costs no round trip beyond the request's tag versions; a second look-up
    within the same request costs nothing. Values are shared: callers must not change them."""
    memo = _request_values.get()
    if memo is not None and key in memo:
        return memo[key]
    tags = list(tags)
    held = _process_values.get(key)
    now = time.time()
    if held is not None and memo is not None and held[2] > now and is_fresh(held[0], request_tag_versions(tags)):
        value = held[1]
    else:
        value, versions = _cached(key, tags=tags, build=build, timeout=timeout)
        # Held no longer than the shared cache keeps it: a change whose tag bump was lost (the
        # cache down at that moment) is picked up within the same time. With the cache down, the
        # versions are made up here and never match a request's, so nothing held is used.
        _process_values[key] = (versions, value, now + (timeout or HELD_AT_MOST))
    if memo is not None:
        memo[key] = value
    return value


def _cached(key: str, *, tags: list[str], build, timeout: int | None) -> tuple[object, dict[str, int]]:
    """The value and the tag versions it is valid for."""
    found = get_many([key, *(TAG_PREFIX + tag for tag in tags)])
    entry = found.get(key)
    current = {tag: found.get(TAG_PREFIX + tag) for tag in tags}
    if entry is not None and is_fresh(entry["tags"], current):
        return entry["value"], entry["tags"]
    known = {tag: version for tag, version in current.items() if version is not None}
    versions = known if len(known) == len(current) else current_tag_versions(tags)
    value = build()
    set_many({key: {"tags": versions, "value": value}}, timeout)
    return value, versions


def cached_by_arguments(*, tags: Callable[..., Iterable[str]], timeout: int | None = 3600):
    """Decorates a domain function of keyword arguments so that its value is ``cached`` under a
    key made of the function and its arguments (``keys.digest``) until one of ``tags(**arguments)``
    changes. The function reads nothing else its value depends on."""

    def decorate(build: Callable):
        name = f"{build.__module__}.{build.__qualname__}"

        @functools.wraps(build)
        def cached_value(**arguments):
            return cached(
                f"delivery:{name}:{digest(arguments)}",
                tags=tags(**arguments),
                build=lambda: build(**arguments),
                timeout=timeout,
            )

        return cached_value

    return decorate
