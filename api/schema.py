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


def errors(*statuses: int) -> dict:
    descriptions = {
        400: "A query parameter is unknown or malformed; `parameters` names it.",
        401: "No key, a malformed Authorization header, or an unknown, revoked or expired key.",
        403: "The key belongs to another clinic.",
        404: "No such clinic, article or path.",
        429: "Too many requests for this key; retry after `Retry-After` seconds.",
    }
    return {status: OpenApiResponse(ErrorSerializer, description=descriptions[status]) for status in statuses}


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
    description="true (default): where an article has no approved translation in the locale, serve the "
    "default-locale version (its `locale` says so). false: only the requested locale.",
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
