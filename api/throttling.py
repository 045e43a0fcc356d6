"""Per-key rate limits: each key gets its client's rate, or the network default, per minute.

Counted in the shared cache by ``network.speed.rate_limits`` (two integers per key, one round
trip a request); a refused request is not counted.
"""

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from network.speed.rate_limits import Count, Counting, count_request, counting


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
        return self.allow(count_request(**self.counted_as(api_key)))

    def counting(self, api_key) -> Counting:
        """The key's next request to count, for the fast path to count beside its cache read."""
        return counting(**self.counted_as(api_key))

    def allow(self, count: Count) -> bool:
        self.retry_after = count.retry_after
        return count.allowed

    @staticmethod
    def counted_as(api_key) -> dict:
        """What a key's requests are counted under, and their limit: the client's rate, else the network's."""
        limit = api_key.client.rate_limit_per_minute or settings.API_RATE_LIMIT_PER_MINUTE
        return {"key": f"frontend-key:{api_key.prefix}", "limit": limit}

    def wait(self):
        """Seconds until the refused key may make a request (the 429's ``Retry-After``)."""
        return self.retry_after
