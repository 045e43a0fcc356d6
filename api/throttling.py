"""Per-key rate limits: each key gets its client's rate, or the network default, per minute.

Counted in the shared cache by ``network.speed.rate_limits`` (two integers per key, one round
trip a request); a refused request is not counted.
"""

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from network.speed.rate_limits import count_request


class FrontEndKeyThrottle(BaseThrottle):
    def __init__(self):
        self.retry_after: int | None = None

    def allow_request(self, request, view):
        return self.allow_key(request.auth)

    def allow_key(self, api_key) -> bool:
        """Whether the key may make one more request now, counting it if so: the one rate check
        of both the views and the cached fast path."""
        if api_key is None:
            return True
        limit = api_key.client.rate_limit_per_minute or settings.API_RATE_LIMIT_PER_MINUTE
        count = count_request(f"frontend-key:{api_key.prefix}", limit=limit)
        self.retry_after = count.retry_after
        return count.allowed

    def wait(self):
        """Seconds until the refused key may make a request (the 429's ``Retry-After``)."""
        return self.retry_after
