"""One JSON error shape for every API failure: ``{"error": {"status", "code", "message", ...}}``."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler


class InvalidParameter(exceptions.ValidationError):
    """A query parameter or header the API cannot accept; the response names it."""

    def __init__(self, parameter: str, message: str):
        super().__init__({parameter: [message]})
        self.parameter = parameter


def error_body(*, status: int, code: str, message: str, **extra) -> dict:
    return {"error": {"status": status, "code": code, "message": message, **extra}}


def json_exception_handler(exc, context):
    """DRF's handler, with every error in the one shape front-ends can rely on."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found.")
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        parameters = {name: [str(message) for message in messages] for name, messages in detail.items()}
        names = ", ".join(sorted(parameters))
        body = error_body(
            status=400, code="invalid_parameter", message=f"Invalid value for: {names}.", parameters=parameters
        )
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        body = error_body(status=response.status_code, code=str(code), message=str(detail))
    return Response(body, status=response.status_code, headers=dict(response.items()))


def not_found(request, *args, **kwargs):
    """JSON 404 for any path under /api/ that names no endpoint."""
    return JsonResponse(
        error_body(status=404, code="not_found", message=f"No API endpoint at {request.path}."), status=404
    )


def server_error(request, *args, **kwargs):
    return JsonResponse(
        error_body(status=500, code="server_error", message="Something went wrong on our side."), status=500
    )


def handler404(request, exception=None):
    """Project 404 handler: JSON under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return not_found(request)
    return defaults.page_not_found(request, exception)


def handler500(request):
    if request.path.startswith("/api/"):
        return server_error(request)
    return defaults.server_error(request)
