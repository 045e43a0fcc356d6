"""The OpenAPI schema and its documentation page: public, and served with nothing fetched from
another site (the Redoc script comes from drf-spectacular-sidecar's static files, and the page's
Content-Security-Policy refuses anything else, such as the Redocly logo Redoc's menu loads from
its CDN)."""

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


# Our own origin only. Redoc writes its styles as <style> elements (styled-components) and
# draws icons from data: URLs; its search index runs in a worker made from a blob: URL.
DOCS_CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "worker-src 'self' blob:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
)


class Docs(JsonErrors, SpectacularRedocView):
    """Redoc, with system fonts instead of drf-spectacular's Google Fonts links, and a
    Content-Security-Policy that lets the page fetch nothing from another site."""

    template_name = "api/docs.html"

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Security-Policy"] = DOCS_CONTENT_SECURITY_POLICY
        return response
