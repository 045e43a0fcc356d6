"""OpenAPI descriptions shared by every endpoint: the key scheme, the error shape, common parameters."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A front-end client's key, sent as `Authorization: Api-Key <key>`.",
        }


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField(help_text="e.g. invalid_parameter, not_authenticated, permission_denied, not_found.")
    message = serializers.CharField()
    parameters = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="On a 400: each bad query parameter with what is wrong with it.",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


ERROR_DESCRIPTIONS = {
    400: "A query parameter is unknown, empty or malformed; `parameters` names each one.",
    401: "No key, a malformed `Authorization` header, or an unknown, revoked or expired key.",
    403: "The key belongs to another clinic.",
    404: "No such clinic, article or path.",
    406: "The `Accept` header does not allow JSON.",
    429: "Too many requests for this key; retry after `Retry-After` seconds.",
}
EVERY_ERROR = (400, 401, 403, 404, 406, 429)


def errors(*statuses: int) -> dict:
    return {status: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[status]) for status in statuses}


def answers(serializer, *, statuses: tuple[int, ...] = EVERY_ERROR) -> dict:
    """An operation's responses: its 200 and the errors it may answer. The 200 is the serializer
    itself, not an ``OpenApiResponse``: drf-spectacular tells a list endpoint (whose pagination
    and filters it documents) by its first response being a list serializer."""
    return {200: serializer, **errors(*statuses)}


CLINIC = OpenApiParameter(
    "clinic",
    OpenApiTypes.STR,
    location=OpenApiParameter.PATH,
    description="The clinic's slug, e.g. `phoenix` (see the list of clinics).",
)
SLUG = OpenApiParameter(
    "slug",
    OpenApiTypes.STR,
    location=OpenApiParameter.PATH,
    description="The article's slug in the requested locale, as in the article list or the sitemap.",
)
LOCALE = OpenApiParameter(
    "locale",
    OpenApiTypes.STR,
    description="A locale the clinic serves (see the clinic's `locales`). Without it, the first supported "
    "language of `Accept-Language`, else the clinic's default. An unsupported value is a 400.",
)
ACCEPT_LANGUAGE = OpenApiParameter(
    "Accept-Language", OpenApiTypes.STR, location=OpenApiParameter.HEADER, description="Used when `locale` is absent."
)
FALLBACK = OpenApiParameter(
    "fallback",
    OpenApiTypes.BOOL,
    description="`true` (default): where an article has no approved translation in the locale, serve the "
    "approved default-locale version (its `locale` says so). `false`: only the requested locale.",
)
PAGE = OpenApiParameter(
    "page",
    {"type": "integer", "minimum": 1},
    description="Page number, from 1; a page past the last one is a 400.",
)
PAGE_SIZE = OpenApiParameter(
    "page_size",
    {"type": "integer", "minimum": 1, "maximum": settings.API_MAX_PAGE_SIZE, "default": settings.API_PAGE_SIZE},
    description=f"Items per page, 1 to {settings.API_MAX_PAGE_SIZE} (default {settings.API_PAGE_SIZE}).",
)


def only_delivery_api(endpoints, **kwargs):
    """The schema describes the delivery API only, not the admin's internal endpoints."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
