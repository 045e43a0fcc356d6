"""Serving cached responses before Django REST framework's machinery.

A content request whose response is cached and fresh needs: the key checked (not revoked,
client active, may read the clinic), the locale negotiated, and the entry's tags compared with
their current versions. This middleware does that with one cache round trip, keeping the
network structure and keys in process memory and checking their tag versions in the same
round trip. Rate limits are counted as the view counts them, once the entry is known to be
served. Anything it is not sure of (no entry, a stale entry, a key or structure it has not seen,
a request over its rate limit, any error) falls through to the view, which does the full work
and the same checks and answers every error itself.
"""

import hashlib
import logging
import re
import time
from types import SimpleNamespace

from django.conf import settings
from django.utils.crypto import constant_time_compare
from rest_framework.exceptions import APIException, NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation

from clinics.structure import STRUCTURE_KEY, STRUCTURE_TAG, network_structure
from network import cache

from .authentication import KEY_CACHE_SECONDS, KEYS_TAG, key_with_prefix, record_use
from .delivery import DeliveryView, locale_for_request
from .http_cache import respond, response_key

logger = logging.getLogger(__name__)
CLINIC_PATH = re.compile(
    r"^/api/v1/clinics/(?P<clinic>[-a-zA-Z0-9_]+)/(?:(?P<family>contact|articles|categories|tags|sitemap)/"
    r"(?:(?P<slug>[-a-zA-Z0-9_]+)/)?)?$"
)
LOCALE_FAMILIES = {"contact", "articles", "categories", "tags"}
NEGOTIATION = DefaultContentNegotiation()
RENDERERS = [renderer() for renderer in DeliveryView.renderer_classes]
KEYS_KEPT = 10_000
ENTRIES_KEPT = 50_000  # the tag names of as many cached responses (a few hundred bytes each)


class CachedResponseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.structure = None  # (tag version, NetworkStructure)
        self.keys = cache.held_by_process(maxsize=KEYS_KEPT)  # prefix -> (keys tag version, key, held until)
        self.entry_tags = cache.held_by_process(maxsize=ENTRIES_KEPT)  # response key -> its tag names

    def __call__(self, request):
        if request.method == "GET" and request.path.startswith("/api/v1/clinics/"):
            try:
                response = self.cached(request)
            except APIException:  # a refusal (a locale the clinic does not serve...): the view answers it
                response = None
            except Exception:  # never fail here: the view answers
                logger.warning("Fast path skipped.", exc_info=True)
                response = None
            if response is not None:
                return response
        return self.get_response(request)

    def cached(self, request):
        if not getattr(settings, "API_RESPONSE_CACHE", True):
            return None
        match = CLINIC_PATH.match(request.path)
        if match is None:
            return None
        keyword, _, key = request.headers.get("Authorization", "").partition(" ")
        prefix, dot, _ = key.partition(".")
        if keyword != "Api-Key" or not dot or len(prefix) > 16:
            return None
        api_key = self.key(prefix)
        structure = self.network_structure()
        if api_key is None or structure is None:
            return None
        client = api_key.client
        hashed = "sha512$$" + hashlib.sha512(key.encode()).hexdigest()
        if not constant_time_compare(hashed, api_key.hashed_key) or api_key.revoked or api_key.has_expired:
            return None
        clinic = structure[1].clinics.get(match["clinic"])
        if clinic is None or not client.is_active or not client.may_read(clinic_id=clinic.pk):
            return None
        request.query_params = request.GET
        try:
            NEGOTIATION.select_renderer(request, RENDERERS)
        except NotAcceptable:
            return None  # the view answers 406
        identity = []
        if match["family"] in LOCALE_FAMILIES:
            identity = [locale_for_request(request, clinic).language_code]
        entry_key = response_key(request, identity)
        tags = self.entry_tags.get(entry_key, [])
        found = cache.get_many(
            [
                entry_key,
                cache.TAG_PREFIX + KEYS_TAG,
                cache.TAG_PREFIX + STRUCTURE_TAG,
                *(cache.TAG_PREFIX + t for t in tags),
            ]
        )
        if found.get(cache.TAG_PREFIX + KEYS_TAG) != self.keys[prefix][0]:
            self.keys.pop(prefix, None)
            return None
        if found.get(cache.TAG_PREFIX + STRUCTURE_TAG) != structure[0]:
            self.structure = None
            return None
        entry = found.get(entry_key)
        if entry is None:
            return None
        if sorted(entry["tags"]) != sorted(tags):
            self.entry_tags[entry_key] = list(entry["tags"])
            return None  # learn the entry's tags; the view answers this time
        current = {tag: found.get(cache.TAG_PREFIX + tag) for tag in tags}
        if not cache.is_fresh(entry["tags"], current):
            return None
        counted = SimpleNamespace(auth=api_key)  # what the throttles read of a request
        if not all(throttle().allow_request(counted, None) for throttle in DeliveryView.throttle_classes):
            return None  # over the limit: the view counts nothing more and answers 429
        request.frontend_client = client
        record_use(client)
        return respond(request, entry)

    def key(self, prefix: str):
        known = self.keys.get(prefix)
        if known is not None and known[2] > time.time():
            return known[1]
        version = cache.tag_versions([KEYS_TAG])[KEYS_TAG]
        api_key = key_with_prefix(prefix)
        if version is None or api_key is None:
            return None
        # Held as long as the shared cache keeps a key (a revocation whose bump was lost shows then).
        self.keys[prefix] = (version, api_key, time.time() + KEY_CACHE_SECONDS)
        return api_key

    def network_structure(self):
        if self.structure is None:
            version = cache.tag_versions([STRUCTURE_TAG])[STRUCTURE_TAG]
            if version is None or cache.get(STRUCTURE_KEY) is None:
                return None
            self.structure = (version, network_structure())
        return self.structure
