"""Per-key rate limits: each key gets its client's rate, or the network default, per minute."""

import logging

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from network import cache as delivery_cache

logger = logging.getLogger(__name__)


class FrontEndKeyThrottle(SimpleRateThrottle):
    scope = "frontend_key"

    def get_rate(self):
        return f"{settings.API_RATE_LIMIT_PER_MINUTE}/min"

    def allow_request(self, request, view):
        if request.auth is None:
            return True
        own = request.auth.client.rate_limit_per_minute
        if own:
            self.num_requests, self.duration = own, 60
        if not delivery_cache.available():
            return True
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache is down: serve rather than fail
            logger.warning("Rate limiting skipped: the cache is unavailable.", exc_info=True)
            return True

    def get_cache_key(self, request, view):
        return f"throttle:frontend-key:{request.auth.prefix}"
