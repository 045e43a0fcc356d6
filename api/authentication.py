"""``Authorization: Api-Key <key>`` authentication of front-end clients."""

import datetime
import math
import time

from django.utils import timezone
from rest_framework import authentication, exceptions

from network.speed import cache as delivery_cache
from network.speed import tags as cache_tags

from .models import FrontEndClient, FrontEndKey

KEYWORD = "Api-Key"
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


KEYS_TAG = cache_tags.KEYS
KEY_CACHE_SECONDS = 600  # a key (and its client) is re-read from the database at least this often


# client pk -> when this process last noted a use
recorded_uses = delivery_cache.held_by_process(maxsize=10_000)


def record_use(client: FrontEndClient) -> None:
    """Note when the client last called, at most once a minute (not a write per request, and
    not a cache round trip per request: each process asks at most once a minute per client)."""
    now = time.monotonic()
    if now - recorded_uses.get(client.pk, -math.inf) < LAST_USED_RESOLUTION.total_seconds():
        return
    recorded_uses[client.pk] = now
    first_this_minute = delivery_cache.add(
        f"delivery:last-used:{client.pk}", 1, timeout=int(LAST_USED_RESOLUTION.total_seconds())
    )
    if first_this_minute:  # None when the cache is down: skip the bookkeeping, never the request
        FrontEndClient.objects.filter(pk=client.pk).update(last_used_at=timezone.now())


def key_with_prefix(prefix: str) -> FrontEndKey | None:
    """The key (with its client) for a prefix, cached until any key or client changes (the
    ``keys`` tag) and at most ``KEY_CACHE_SECONDS``: one query the first time, none while cached."""

    def build():
        return FrontEndKey.objects.select_related("client").filter(prefix=prefix).first()

    return delivery_cache.cached(key_cache_key(prefix), tags=[KEYS_TAG], build=build, timeout=KEY_CACHE_SECONDS)


def prefix_of(header: str) -> tuple[str, str]:
    """The key an ``Authorization`` header carries and its prefix ("" where there is none);
    ``AuthenticationFailed`` for a header of another shape."""
    keyword, _, key = header.partition(" ")
    key = key.strip()
    if keyword != KEYWORD or not key or " " in key:
        raise exceptions.AuthenticationFailed("Send the header as 'Authorization: Api-Key <key>'.")
    prefix, dot, _ = key.partition(".")
    return key, prefix if dot and len(prefix) <= 16 else ""


def held_key(header: str) -> FrontEndKey | None:
    """The key this process holds for the header's prefix, unchecked (not even the key's hash):
    the fast path's guess, to count the request in its one round trip; it authenticates after."""
    try:
        _, prefix = prefix_of(header)
    except exceptions.AuthenticationFailed:
        return None
    return delivery_cache.held_value(key_cache_key(prefix)) if prefix else None


def key_cache_key(prefix: str) -> str:
    return f"delivery:key:{prefix}"


def authenticated_key(header: str) -> FrontEndKey | None:
    """The front-end key an ``Authorization`` header carries, verified by the key library (its
    hash, not a copy of it): None without a header; ``AuthenticationFailed`` for a malformed,
    unknown, revoked or expired key or an inactive client. Notes the client's use. The one key
    check of both the views and the cached fast path."""
    if not header:
        return None
    key, prefix = prefix_of(header)
    api_key = key_with_prefix(prefix) if prefix else None
    if api_key is None or not api_key.is_valid(key):
        raise exceptions.AuthenticationFailed("Unknown API key.")
    if api_key.revoked or api_key.has_expired or not api_key.client.is_active:
        raise exceptions.AuthenticationFailed("This API key has been revoked or has expired.")
    record_use(api_key.client)
    return api_key


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """Identifies the front-end client; ``request.auth`` is its key, ``request.user`` is None."""

    def authenticate(self, request):
        api_key = authenticated_key(request.META.get("HTTP_AUTHORIZATION", ""))
        if api_key is None:
            return None
        return (None, api_key)

    def authenticate_header(self, request):
        return KEYWORD
