"""The speed layer's one middleware: each request gets its own memo of cached values, and this
process replays the invalidations that did not reach the cache."""

from .cache import request_scope
from .invalidation import ensure_replay_loop


class RequestScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ensure_replay_loop()
        with request_scope():
            return self.get_response(request)
