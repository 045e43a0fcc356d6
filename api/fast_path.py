"""Serving cached responses before Django REST framework's machinery.

A content request whose response is cached and fresh needs what the view checks first: the key
(``authenticated_key``), the clinic and the key's access to it (``check_clinic_access``), an
acceptable media type, the negotiated locale (``locale_for_request``) and the rate limit
(``FrontEndKeyThrottle.allow_key``), then the entry's tags compared with their current versions.
This middleware calls those same functions. It reads the entry and the tag versions the checks
need in one cache round trip (``read_with_tags``), guessing the entry's key from the network
structure the process holds, and counts the request for the rate limit in the same round trip,
for the front-end key the process holds for the header's prefix (``held_key``, a guess: the key
is authenticated after the read, and a count made for another key is given back). The functions
then find their values held by the process and current, so they cost no further round trip.

It sits right after the CORS middleware, before the session, locale, common, CSRF, auth, message
and frame-options middleware: their request-side work is for the admin, and skipping it is a
sixth of a cached answer's cost on the benchmark machine (docs/performance.md). What they add to
a content answer it adds the same way (``as_the_inner_middleware_answer``: the locale
middleware's ``Content-Language`` default, the common middleware's ``Content-Length``, the frame
options), so a cached answer and the view's carry the same headers (tests/api/test_fast_path.py).
Anything it is not sure of (no entry, a stale entry, a structure that changed, a refusal, any
error) falls through to the view, which does the full work, counts the request itself (the fast
path gives its count back: ``give_back``) and answers every error itself.
"""

import logging
import re

from django.conf import settings
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.common import CommonMiddleware
from django.utils.translation import get_language_from_request
from rest_framework.exceptions import APIException, NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request

from clinics.structure import STRUCTURE_KEY, STRUCTURE_TAG, network_structure
from network.speed import cache
from network.speed.rate_limits import give_back

from .authentication import KEYS_TAG, authenticated_key, held_key
from .delivery import DeliveryView, locale_for_request
from .http_cache import respond, response_key
from .permissions import check_clinic_access
from .throttling import FrontEndKeyThrottle

logger = logging.getLogger(__name__)
CLINIC_PATH = re.compile(
    r"^/api/v1/clinics/(?P<clinic>[-a-zA-Z0-9_]+)/(?:(?P<family>contact|articles|categories|tags|sitemap)/"
    r"(?:(?P<slug>[-a-zA-Z0-9_]+)/)?)?$"
)
LOCALE_FAMILIES = {"contact", "articles", "categories", "tags"}
NEGOTIATION = DefaultContentNegotiation()
RENDERERS = [renderer() for renderer in DeliveryView.renderer_classes]
PLAIN_ACCEPTS = {"*/*", "application/json"}
ENTRIES_KEPT = 50_000  # the tag names of as many cached responses (a few hundred bytes each)


class CachedResponseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.entry_tags = cache.held_by_process(maxsize=ENTRIES_KEPT)  # response key -> its tag names
        self.inner = [CommonMiddleware(get_response), XFrameOptionsMiddleware(get_response)]

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
                return self.as_the_inner_middleware_answer(request, response)
        return self.get_response(request)

    def as_the_inner_middleware_answer(self, request, response):
        """The cached answer with what the middleware inside this one adds to the view's: the
        locale middleware's ``Content-Language`` where the answer names none (the request's
        language, as it activates it for a path without a language prefix), then the common and
        frame-options middleware's own ``process_response``."""
        if "Content-Language" not in response:  # most answers name their language: no parsing then
            response["Content-Language"] = get_language_from_request(request)
        for middleware in self.inner:
            response = middleware.process_response(request, response)
        return response

    def cached(self, request):
        if not getattr(settings, "API_RESPONSE_CACHE", True):
            return None
        match = CLINIC_PATH.match(request.path)
        header = request.headers.get("Authorization", "")
        structure = cache.held_value(STRUCTURE_KEY)  # a guess, checked after the round trip
        if match is None or not header or structure is None:
            return None
        clinic = structure.clinics.get(match["clinic"])
        if clinic is None or not self.acceptable(request):
            return None
        identity = [locale_for_request(request, clinic).language_code] if match["family"] in LOCALE_FAMILIES else []
        entry_key = response_key(request, identity)
        throttle = FrontEndKeyThrottle()
        entry, guess, count = self.read(entry_key, header, throttle)
        try:
            api_key = self.usable(request, clinic, structure, entry_key, entry, header)
        except Exception:
            give_back(count)  # the view answers, and counts the request itself
            raise
        if api_key is None:
            give_back(count)
            return None
        if count is not None and throttle.counted_as(guess) == throttle.counted_as(api_key):
            allowed = throttle.allow(count)
        else:  # not counted yet, or counted for another key than this one: count it on its own
            give_back(count)
            allowed = throttle.allow_key(api_key)
        if not allowed:
            return None  # over the limit: nothing was counted, the view answers 429
        return respond(request, entry)

    def read(self, entry_key: str, header: str, throttle: FrontEndKeyThrottle):
        """The cached entry and the tag versions the checks need, in one round trip, with the
        request counted in the same round trip for the key this process holds for the header
        (``held_key``, a guess checked afterwards): ``(entry, guessed key, count)``."""
        tags = [KEYS_TAG, STRUCTURE_TAG, *self.entry_tags.get(entry_key, [])]
        guess = held_key(header)
        if guess is None:
            return cache.read_with_tags(entry_key, tags=tags), None, None
        counting = throttle.counting(guess)
        entry, reply = cache.read_with_tags(entry_key, tags=tags, counting=counting)
        return entry, guess, counting.result(reply) if reply is not None else None

    def usable(self, request, clinic, structure, entry_key, entry, header):
        """The request's key if the fresh cached entry may answer it (``AuthenticationFailed`` or
        ``PermissionDenied`` for a key that may not); else None."""
        if network_structure() is not structure:
            return None  # the structure changed since this process held it: the view answers
        api_key = authenticated_key(header)
        check_clinic_access(api_key, clinic)
        if entry is None:
            return None
        self.entry_tags[entry_key] = list(entry["tags"])  # read with the entry next time
        if not cache.is_fresh(entry["tags"], cache.request_tag_versions(entry["tags"])):
            return None
        return api_key

    @staticmethod
    def acceptable(request) -> bool:
        """Whether the view's content negotiation would pick JSON (else the view answers 406)."""
        if request.headers.get("Accept", "*/*") in PLAIN_ACCEPTS and "format" not in request.GET:
            return True  # what negotiation picks for these without asking it
        try:
            NEGOTIATION.select_renderer(Request(request), RENDERERS)  # as the view negotiates
        except NotAcceptable:
            return False
        return True
