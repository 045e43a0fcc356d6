"""``Authorization: Api-Key <key>`` authentication of front-end clients."""

from rest_framework import authentication, exceptions

from .models import FrontEndKey

KEYWORD = "Api-Key"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """Identifies the front-end client; ``request.auth`` is its key, ``request.user`` is None."""

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        keyword, _, key = header.partition(" ")
        key = key.strip()
        if keyword != KEYWORD or not key or " " in key:
            raise exceptions.AuthenticationFailed("Send the header as 'Authorization: Api-Key <key>'.")
        prefix, dot, _ = key.partition(".")
        api_key = FrontEndKey.objects.select_related("client").filter(prefix=prefix).first() if dot else None
        if api_key is None or not api_key.is_valid(key):
            raise exceptions.AuthenticationFailed("Unknown API key.")
        if api_key.revoked or api_key.has_expired or not api_key.client.is_active:
            raise exceptions.AuthenticationFailed("This API key has been revoked or has expired.")
        return (None, api_key)

    def authenticate_header(self, request):
        return KEYWORD
