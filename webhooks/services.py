"""What the admin does with webhooks: register an endpoint, rotate its secret, redeliver, send a
test event, deactivate it, and see which endpoints are flagged. Each write validates its input
and raises a ``ValidationError`` with a message for the form, never anything else.
"""

import datetime
import secrets as random_source

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from api.models import FrontEndClient
from changes.models import EVENT_TYPES

from .addresses import validate_endpoint_url
from .models import Delivery, WebhookEndpoint
from .secrets import encrypt_secret, new_signing_secret
from .sending import CLINIC_CHANGED, belongs_to_another_clinic
from .tasks import enqueue_after_commit

__all__ = [
    "TEST_EVENT",
    "create_endpoint",
    "deactivate_endpoint",
    "flagged_endpoints",
    "redeliver",
    "rotate_secret",
    "send_test_event",
    "unflag_endpoint",
    "validate_endpoint_url",
]

TEST_EVENT = "webhook.test"
EVENT_TYPE_NAMES = frozenset(name for name, _label in EVENT_TYPES)


def _checked_event_types(event_types: list[str] | None) -> list[str]:
    if event_types is None:
        return []
    if not isinstance(event_types, list | tuple) or not all(isinstance(name, str) for name in event_types):
        raise ValidationError("Give the event types as a list of names.", code="invalid_event_types")
    unknown = sorted(set(event_types) - EVENT_TYPE_NAMES)
    if unknown:
        raise ValidationError(
            f"Unknown event type: {', '.join(unknown)}. Choose from {', '.join(sorted(EVENT_TYPE_NAMES))}.",
            code="invalid_event_types",
        )
    return sorted(set(event_types))


def create_endpoint(
    *, client: FrontEndClient, url: str, description: str = "", event_types: list[str] | None = None
) -> tuple[WebhookEndpoint, str]:
    """Register ``url`` for the client's changes; the endpoint and its signing secret, which is
    shown this once (only its encrypted form is kept)."""
    validate_endpoint_url(url)
    secret = new_signing_secret()
    endpoint = WebhookEndpoint(
        client=client,
        url=url.strip(),
        description=description or "",
        event_types=_checked_event_types(event_types),
        encrypted_secret=encrypt_secret(secret=secret),
    )
    endpoint.full_clean()
    endpoint.save()
    return endpoint, secret


def rotate_secret(*, endpoint: WebhookEndpoint) -> str:
    """A new signing secret, shown this once. The one it replaces keeps signing beside it for
    ``WEBHOOK_SECRET_OVERLAP_HOURS`` so the receiver can switch without losing a webhook (a second
    rotation within the overlap drops the oldest secret)."""
    secret = new_signing_secret()
    with transaction.atomic():
        current = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        current.encrypted_previous_secret = current.encrypted_secret
        current.previous_secret_expires_at = timezone.now() + datetime.timedelta(
            hours=float(settings.WEBHOOK_SECRET_OVERLAP_HOURS)
        )
        current.encrypted_secret = encrypt_secret(secret=secret)
        current.save(update_fields=["encrypted_secret", "encrypted_previous_secret", "previous_secret_expires_at"])
    for name in ("encrypted_secret", "encrypted_previous_secret", "previous_secret_expires_at"):
        setattr(endpoint, name, getattr(current, name))
    return secret


def _check_can_send(endpoint: WebhookEndpoint | None) -> None:
    if endpoint is not None and not (endpoint.active and endpoint.client.is_active):
        raise ValidationError("This endpoint (or its client) is inactive: activate it first.", code="inactive")


def _check_same_clinic(delivery: Delivery) -> None:
    """One clinic's event never goes to an endpoint whose client now belongs to another clinic
    (the client's clinic read afresh: it may have changed since the delivery was loaded)."""
    if delivery.endpoint_id is None or delivery.clinic_id is None:
        return
    client_clinic_id = (
        FrontEndClient.objects.filter(webhook_endpoints=delivery.endpoint_id)
        .values_list("clinic_id", flat=True)
        .first()
    )
    if belongs_to_another_clinic(delivery=delivery, client_clinic_id=client_clinic_id):
        raise ValidationError(f"Not redelivered: {CLINIC_CHANGED}", code="clinic_changed")


def redeliver(*, delivery: Delivery) -> Delivery:
    """Send the same message again (same ``webhook-id``, same payload) as a new delivery, queued
    at once; the finished one keeps its history. A delivery still pending is attempted now
    instead of waiting for its next retry (and returned). Refused when the endpoint's client has
    moved to another clinic than the delivery's."""
    _check_can_send(delivery.endpoint)
    _check_same_clinic(delivery)
    if delivery.status == Delivery.PENDING:
        Delivery.objects.filter(pk=delivery.pk, status=Delivery.PENDING).update(next_attempt_at=timezone.now())
        delivery.refresh_from_db()
        enqueue_after_commit(delivery_ids=[delivery.pk])
        return delivery
    again = Delivery.objects.create(
        destination=delivery.destination,
        endpoint=delivery.endpoint,
        change=delivery.change,
        clinic=delivery.clinic,
        message_id=delivery.message_id,
        event_type=delivery.event_type,
        payload=delivery.payload,
    )
    enqueue_after_commit(delivery_ids=[again.pk])
    return again


def send_test_event(*, endpoint: WebhookEndpoint) -> Delivery:
    """A ``webhook.test`` event with a fresh message id, queued at once (whatever event types
    the endpoint chose): how an administrator checks the receiver verifies and answers."""
    _check_can_send(endpoint)
    now = timezone.now()
    message_id = f"msg_test_{random_source.token_hex(12)}"
    clinic = FrontEndClient.objects.select_related("clinic").get(pk=endpoint.client_id).clinic  # as it is now
    delivery = Delivery.objects.create(
        destination=Delivery.WEBHOOK,
        endpoint=endpoint,
        clinic=clinic,
        message_id=message_id,
        event_type=TEST_EVENT,
        payload={
            "id": message_id,
            "type": TEST_EVENT,
            "timestamp": now.isoformat().replace("+00:00", "Z"),
            "clinic": clinic.slug if clinic else None,
            "data": {"message": "A test event from the clinic network's content platform."},
        },
    )
    enqueue_after_commit(delivery_ids=[delivery.pk])
    return delivery


def deactivate_endpoint(*, endpoint: WebhookEndpoint, reason: str = "The endpoint was deactivated.") -> int:
    """No more deliveries to the endpoint: its pending ones stop, with ``reason``; how many."""
    with transaction.atomic():
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)
        endpoint.active = False
        return Delivery.objects.filter(endpoint=endpoint, status=Delivery.PENDING).update(
            status=Delivery.STOPPED, last_error=reason, lease_until=None
        )


def unflag_endpoint(*, endpoint: WebhookEndpoint) -> None:
    """An administrator saw the flag and dealt with it (a successful delivery also clears it)."""
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(flagged_at=None, flag_reason="")
    endpoint.flagged_at, endpoint.flag_reason = None, ""


def flagged_endpoints() -> QuerySet[WebhookEndpoint]:
    """Endpoints whose last delivery was refused or given up: what the admin's banner lists."""
    return WebhookEndpoint.objects.filter(flagged_at__isnull=False).select_related("client").order_by("-flagged_at")
