"""Serving cached responses before Django REST framework's machinery.

A content request whose response is cached and fresh needs what the view checks first: the key
(``authenticated_key``), the clinic and the key's access to it (``check_clinic_access``), an
acceptable media type, the negotiated locale (``locale_for_request``) and the rate limit
(``FrontEndKeyThrottle.allow_key``), then the entry's tags compared with their current versions.
This middleware calls those same functions. It reads the entry and the tag versions the checks
need in one cache round trip (``read_with_tags``), guessing the entry's key from the network
structure the process holds; the functions then find their values held by the process and
current, so they cost no further round trip. Anything it is not sure of (no entry, a stale entry,
a structure that changed, a refusal, any error) falls through to the view, which does the full
work and answers every error itself.
"""

import logging
import re

from django.conf import settings
from rest_framework.exceptions import APIException, NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation

from clinics.structure import STRUCTURE_KEY, STRUCTURE_TAG, network_structure
from network.speed import cache

from .authentication import KEYS_TAG, authenticated_key
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
ENTRIES_KEPT = 50_000  # the tag names of as many cached responses (a few hundred bytes each)


class CachedResponseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
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
        header = request.headers.get("Authorization", "")
        structure = cache.held_value(STRUCTURE_KEY)  # a guess, checked after the round trip
        if match is None or not header or structure is None:
            return None
        request.query_params = request.GET  # what the view's functions read of a request
        clinic = structure.clinics.get(match["clinic"])
        if clinic is None or not self.acceptable(request):
            return None
        identity = [locale_for_request(request, clinic).language_code] if match["family"] in LOCALE_FAMILIES else []
        entry_key = response_key(request, identity)
        tags = self.entry_tags.get(entry_key, [])
        entry = cache.read_with_tags(entry_key, tags=[KEYS_TAG, STRUCTURE_TAG, *tags])
        if network_structure() is not structure:
            return None  # the structure changed since this process held it: the view answers
        api_key = authenticated_key(header)
        check_clinic_access(api_key, clinic)
        if entry is None:
            return None
        self.entry_tags[entry_key] = list(entry["tags"])  # read with the entry next time
        if not cache.is_fresh(entry["tags"], cache.request_tag_versions(entry["tags"])):
            return None
        if not FrontEndKeyThrottle().allow_key(api_key):
            return None  # over the limit: the view counts nothing more and answers 429
        request.frontend_client = api_key.client
        return respond(request, entry)

    @staticmethod
    def acceptable(request) -> bool:
        try:
            NEGOTIATION.select_renderer(request, RENDERERS)
        except NotAcceptable:
            return False  # the view answers 406
        return True
