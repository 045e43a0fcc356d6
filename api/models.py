"""Front-end clients of the API and their keys (stored hashed, shown once)."""

from django.db import models
from rest_framework_api_key.models import AbstractAPIKey


class FrontEndClient(models.Model):
    """A website or app that reads the API: one clinic's front-end, or a network-wide one."""

    KIND_DELIVERY = "delivery"
    KIND_PREVIEW = "preview"
    KIND_CHOICES = [(KIND_DELIVERY, "Delivery (published content)"), (KIND_PREVIEW, "Preview (drafts)")]

    name = models.CharField(max_length=200)
    clinic = models.ForeignKey(
        "clinics.Clinic",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="frontend_clients",
        help_text="Leave empty for a network-wide client that may read every clinic.",
    )
    kind = models.CharField(max_length=20, choices=KIND_CHOICES, default=KIND_DELIVERY)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def scope(self) -> str:
        return "network" if self.clinic_id is None else "clinic"

    def may_read(self, *, clinic_id: int) -> bool:
        return self.clinic_id is None or self.clinic_id == clinic_id


class FrontEndKey(AbstractAPIKey):
    """An API key of one front-end client. Only a SHA-512 hash of the key is stored."""

    client = models.ForeignKey(FrontEndClient, on_delete=models.CASCADE, related_name="keys")

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "front-end API key"
        verbose_name_plural = "front-end API keys"
