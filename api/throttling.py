"""Per-key rate limits: each key gets its client's rate, or the network default, per minute."""

import logging

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from network.speed import cache as delivery_cache

logger = logging.getLogger(__name__)


class FrontEndKeyThrottle(SimpleRateThrottle):
    scope = "frontend_key"

    def get_rate(self):
        return f"{settings.API_RATE_LIMIT_PER_MINUTE}/min"

    def allow_request(self, request, view):
        return self.allow_key(request.auth)

    def allow_key(self, api_key) -> bool:
        """Whether the key may make one more request now, counting it if so: the one rate check
        of both the views and the cached fast path."""
        if api_key is None:
            return True
        own = api_key.client.rate_limit_per_minute
        if own:
            self.num_requests, self.duration = own, 60
        if not delivery_cache.available():
            return True
        self.api_key = api_key
        try:
            # Django REST framework's counting, which reads the request only through get_cache_key.
            return super().allow_request(None, None)
        except Exception:  # the cache is down: serve rather than fail
            logger.warning("Rate limiting skipped: the cache is unavailable.", exc_info=True)
            return True

    def get_cache_key(self, request, view):
        return f"throttle:frontend-key:{self.api_key.prefix}"
