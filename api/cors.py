"""CORS per front-end client: a browser origin may call the API only with the keys of a client
that lists that origin.

A preflight (OPTIONS) carries no key, so django-cors-headers allows an origin that any active
client lists; on the real request, this middleware (placed before CorsMiddleware, so it sees the
response after it) removes the CORS headers when the key's client does not list the origin.
"""

from corsheaders.signals import check_request_enabled
from django.dispatch import receiver
from rest_framework.exceptions import AuthenticationFailed

from network.speed import cache as delivery_cache

from .authentication import KEY_CACHE_SECONDS, KEYS_TAG, authenticated_key
from .models import FrontEndClient, parse_origins

CORS_RESPONSE_HEADERS = (
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-expose-headers",
)


def origins_of_active_clients() -> frozenset[str]:
    """Every origin an active client lists, cached with the keys (a client's change bumps their
    tag), so a cached answer to a browser costs no query."""

    def build() -> frozenset[str]:
        origins: set[str] = set()
        for text in (
            FrontEndClient.objects.filter(is_active=True)
            .exclude(allowed_origins="")
            .values_list("allowed_origins", flat=True)
        ):
            origins.update(parse_origins(text))
        return frozenset(origins)

    return delivery_cache.cached("delivery:cors-origins", tags=[KEYS_TAG], build=build, timeout=KEY_CACHE_SECONDS)


@receiver(check_request_enabled)
def origin_listed_by_a_client(sender, request, **kwargs):
    origin = request.headers.get("origin")
    return bool(origin) and request.path.startswith("/api/") and origin in origins_of_active_clients()


class FrontEndClientCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        origin = request.headers.get("origin")
        client = client_of(request) if origin and request.path.startswith("/api/") else None
        if client is not None and origin not in client.origins:
            for header in CORS_RESPONSE_HEADERS:
                if header in response:
                    del response[header]
        return response


def client_of(request) -> FrontEndClient | None:
    """The client of the request's key (``authenticated_key``, the view's own check: held by the
    process and read in the request's round trip already), or None without a valid key."""
    try:
        api_key = authenticated_key(request.headers.get("Authorization", ""))
    except AuthenticationFailed:
        return None
    return api_key.client if api_key is not None else None
