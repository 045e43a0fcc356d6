"""Where changes are sent: front-end clients' webhook endpoints and CDN purge targets, and every
delivery and attempt (what the admin shows)."""

from django.db import models
from django.utils import timezone


class WebhookEndpoint(models.Model):
    """A URL a front-end client asked to be told of its clinic's changes (a network-wide client:
    every clinic's). Signed per Standard Webhooks with a ``whsec_`` secret, stored encrypted
    (``webhooks.secrets``) and shown once; while rotating, the previous secret signs too."""

    client = models.ForeignKey("api.FrontEndClient", on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField(max_length=500, help_text="https only; the address is checked again before every delivery.")
    description = models.CharField(max_length=200, blank=True)
    event_types = models.JSONField(
        default=list, blank=True, help_text="The event types to send; none ticked sends every type."
    )
    encrypted_secret = models.TextField(editable=False)
    encrypted_previous_secret = models.TextField(blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    active = models.BooleanField(default=True)
    flagged_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When a delivery last failed for good."
    )
    flag_reason = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["client__name", "url"]

    def __str__(self) -> str:
        return self.url


class Delivery(models.Model):
    """One message to one destination: a change event (or a test event) to a webhook endpoint,
    or a purge of cache tags at a CDN. Attempted by the worker until it is delivered, stopped
    (refused for good) or given up (retried for ``WEBHOOK_RETRY_SCHEDULE``)."""

    WEBHOOK = "webhook"
    FASTLY = "fastly"
    CLOUDFLARE = "cloudflare"
    DESTINATIONS = [(WEBHOOK, "Webhook"), (FASTLY, "Fastly purge"), (CLOUDFLARE, "Cloudflare purge")]

    PENDING = "pending"
    DELIVERED = "delivered"
    STOPPED = "stopped"
    GIVEN_UP = "given_up"
    STATUSES = [(PENDING, "Pending"), (DELIVERED, "Delivered"), (STOPPED, "Refused"), (GIVEN_UP, "Given up")]

    destination = models.CharField(max_length=20, choices=DESTINATIONS, default=WEBHOOK)
    endpoint = models.ForeignKey(
        WebhookEndpoint, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    change = models.ForeignKey(
        "changes.ClinicChange", null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    clinic = models.ForeignKey("clinics.Clinic", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    message_id = models.CharField(max_length=64, help_text="webhook-id: the same on every attempt and redelivery.")
    event_type = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(max_length=20, choices=STATUSES, default=PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=models.Q(status="pending"), name="delivery_due"),
        ]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"{self.event_type} to {self.endpoint or self.get_destination_display()}"


class DeliveryAttempt(models.Model):
    """One try of a delivery: when, how long, what came back (truncated)."""

    DELIVERED = "delivered"
    RETRY = "retry"
    STOPPED = "stopped"
    GIVEN_UP = "given_up"
    OUTCOMES = [(DELIVERED, "Delivered"), (RETRY, "Will retry"), (STOPPED, "Refused"), (GIVEN_UP, "Given up")]

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    started_at = models.DateTimeField(default=timezone.now)
    duration_ms = models.PositiveIntegerField(default=0)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True)
    error = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=OUTCOMES)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.delivery_id}: {self.outcome}"
