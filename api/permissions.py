"""Who may read what: a key reads its own clinic, a network key reads every clinic."""

from rest_framework import exceptions, permissions


class HasFrontEndKey(permissions.BasePermission):
    message = "An API key is required: send 'Authorization: Api-Key <key>'."

    def has_permission(self, request, view):
        if request.auth is None:
            raise exceptions.NotAuthenticated(self.message)
        return True


def check_clinic_access(api_key, clinic) -> None:
    """Refuse a clinic-scoped key that asks for another clinic (403, never the content)."""
    if not api_key.client.may_read(clinic_id=clinic.pk):
        raise exceptions.PermissionDenied("This API key does not give access to this clinic.")
