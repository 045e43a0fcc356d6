"""One JSON error shape for every API failure: ``{"error": {"status", "code", "message", ...}}``."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views import csrf, defaults
from django.views.decorators.csrf import csrf_exempt
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


def is_api_path(request) -> bool:
    """Whether the request is for the API (by its path only: its Host may be the error)."""
    return request.path.startswith("/api/")


@csrf_exempt  # any method: a POST to an unknown path is a 404, not a CSRF failure (the API has no cookies)
def not_found(request, *args, **kwargs):
    """JSON 404 for any path under /api/ that names no endpoint."""
    return JsonResponse(
        error_body(status=404, code="not_found", message=f"No API endpoint at {request.path}."), status=404
    )


def server_error(request, *args, **kwargs):
    return JsonResponse(
        error_body(status=500, code="server_error", message="Something went wrong on our side."), status=500
    )


def handler400(request, exception=None):
    """Project 400 handler (a Host not in ALLOWED_HOSTS, a malformed request): JSON under /api/."""
    if is_api_path(request):
        return JsonResponse(
            error_body(status=400, code="bad_request", message="The request is malformed or its Host is not served."),
            status=400,
        )
    return defaults.bad_request(request, exception)


def handler403(request, exception=None):
    """Project 403 handler (a ``PermissionDenied`` outside the API's views): JSON under /api/."""
    if is_api_path(request):
        return JsonResponse(
            error_body(status=403, code="permission_denied", message="You may not do this."), status=403
        )
    return defaults.permission_denied(request, exception)


def handler404(request, exception=None):
    """Project 404 handler: JSON under /api/, Django's page elsewhere."""
    if is_api_path(request):
        return not_found(request)
    return defaults.page_not_found(request, exception)


def handler500(request):
    if is_api_path(request):
        return server_error(request)
    return defaults.server_error(request)


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: JSON under /api/ (whose views are exempt: the API reads no cookies),
    Django's page for the admin."""
    if is_api_path(request):
        return JsonResponse(
            error_body(status=403, code="csrf_failed", message="This request failed the CSRF check."), status=403
        )
    return csrf.csrf_failure(request, reason=reason)
