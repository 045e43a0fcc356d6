"""The OpenAPI schema and its documentation page: public, and served with nothing fetched from
another site (the Redoc script comes from drf-spectacular-sidecar's static files)."""

from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from .errors import json_exception_handler


class JsonErrors:
    """Errors in the API's JSON shape: these views' own renderers are YAML and an HTML template."""

    def get_exception_handler(self):
        return json_exception_handler

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and response.status_code >= 400:
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        return response


class Schema(JsonErrors, SpectacularAPIView):
    """The OpenAPI 3 schema: YAML, or JSON with ``?format=json``."""


class Docs(JsonErrors, SpectacularRedocView):
    """Redoc, with system fonts instead of drf-spectacular's Google Fonts links."""

    template_name = "api/docs.html"
