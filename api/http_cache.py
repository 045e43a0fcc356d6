"""Built responses, cached and revalidated.

A view checks the key, the clinic and the parameters first (so the cache never answers a request
that should be refused), then asks ``cached_response`` for the response identified by what
varies: path, query, negotiated locale, host and today's date (review status changes at
midnight). A fresh cache entry is served as stored bytes, or as a 304 when the client already
holds it, without building anything. A stale or missing one is built, stored with the versions
of its tags (read before building, so a change during the build is never hidden) and served.

Every content response carries a strong ``ETag``, ``Last-Modified`` (when this representation was
built), ``Cache-Control`` from settings, ``Vary``, and ``Surrogate-Key`` / ``Cache-Tag`` naming its
tags, so a CDN can purge by tag.
"""

import functools
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from network.speed import cache

VARY = ("Accept-Language", "Authorization", "Origin")
ALLOW = "GET, HEAD, OPTIONS"  # as Django REST framework writes it for the views


@dataclass
class Built:
    data: object
    tags: set[str]
    content_language: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


def response_key(request: Request, identity: Iterable[str]) -> str:
    query = sorted(request.GET.lists())
    raw = "|".join([request.get_host(), request.path, repr(query), *identity, timezone.now().date().isoformat()])
    return "delivery:response:" + hashlib.sha256(raw.encode()).hexdigest()


def cached_response(
    request: Request, *, identity: Iterable[str], guard: list[str], build: Callable[[], Built]
) -> HttpResponse:
    """The response for this request: from the cache while its tags are unchanged, else built.

    ``guard`` names coarse tags bumped by any change the response could depend on: their versions
    are read before building and again after, and a response built while one of them changed is
    served but not stored, so the cache never keeps data older than its tag versions say.
    """
    key = response_key(request, identity)
    issued_key = key.replace("delivery:response:", "delivery:last-modified:", 1)
    use_cache = getattr(settings, "API_RESPONSE_CACHE", True)
    issued = None
    if use_cache:
        found = cache.get_many([key, issued_key])
        entry = found.get(key)
        if entry is not None and cache.is_fresh(entry["tags"], cache.tag_versions(entry["tags"])):
            return respond(request, entry)
        issued = found.get(issued_key)
        before = cache.versions_to_guard(guard)
    built = build()
    body = JSONRenderer().render(built.data)
    etag = quote_etag(hashlib.sha256(body).hexdigest()[:40])
    last_modified, dated = last_modified_for(etag=etag, issued=issued, recorded=use_cache and cache.available())
    entry = {
        "body": body,
        "etag": etag,
        "last_modified": last_modified,
        "dated": dated,
        "content_language": built.content_language,
        "headers": built.headers,
        "surrogate_keys": sorted(built.tags),
    }
    if use_cache:
        after = cache.current_tag_versions(set(guard) | built.tags)
        stored = {issued_key: (etag, last_modified)}
        if all(after[tag] == version for tag, version in before.items()):
            entry["tags"] = {tag: after[tag] for tag in built.tags}
            stored[key] = entry
        cache.set_many(stored, settings.API_RESPONSE_CACHE_TIMEOUT)
    return respond(request, entry)


def last_modified_for(*, etag: str, issued: tuple[str, int] | None, recorded: bool) -> tuple[int, bool]:
    """``Last-Modified`` of a representation just built, in whole seconds, and whether it may
    answer ``If-Modified-Since``.

    Two representations of a URL built within one second would share a date, and a client holding
    the first would get a 304 for the second. So the date of the last representation served for
    the response key is recorded with its ETag (``issued``): the same body keeps its date, a new
    body gets a later one (the next second when it changed within the same one). Without that
    record (the response cache off or unreachable) the date cannot be shown to be unique, and
    only ``If-None-Match`` answers 304."""
    now = int(timezone.now().timestamp())
    if not recorded:
        return now, False
    if issued is None:
        return now, True
    issued_etag, issued_at = issued
    return (issued_at, True) if issued_etag == etag else (max(now, issued_at + 1), True)


def respond(request: Request, entry: dict) -> HttpResponse:
    if not_modified(request, etag=entry["etag"], last_modified=entry["last_modified"], dated=entry.get("dated", True)):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(entry["body"], content_type="application/json")
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["last_modified"])
    for name, value in caching_headers(settings.API_CACHE_MAX_AGE, settings.API_CACHE_STALE_WHILE_REVALIDATE):
        response[name] = value
    response["Surrogate-Key"] = " ".join(entry["surrogate_keys"])
    response["Cache-Tag"] = ",".join(entry["surrogate_keys"])
    if entry["content_language"]:
        response["Content-Language"] = entry["content_language"]
    for name, value in entry["headers"].items():
        response[name] = value
    return response


@functools.cache
def caching_headers(max_age: int, stale_while_revalidate: int) -> tuple[tuple[str, str], ...]:
    """``Cache-Control``, ``Vary`` and ``Allow`` of every content response, as Django's
    ``patch_cache_control`` and ``patch_vary_headers`` write them: worked out once per setting."""
    response = HttpResponse()
    patch_cache_control(response, max_age=max_age, stale_while_revalidate=stale_while_revalidate)
    patch_vary_headers(response, VARY)
    return (("Cache-Control", response["Cache-Control"]), ("Vary", response["Vary"]), ("Allow", ALLOW))


def not_modified(request: Request, *, etag: str, last_modified: int, dated: bool = True) -> bool:
    """RFC 9110: If-None-Match decides when present; otherwise If-Modified-Since, where the date
    is known to be unique to this representation (``last_modified_for``). Not Django's
    ``get_conditional_response``: it would also answer ``If-Match`` with an empty 412 (every
    error under /api/ is JSON) and cannot ignore a date that is not unique."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in candidates or etag in candidates
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return dated and since is not None and last_modified <= since
