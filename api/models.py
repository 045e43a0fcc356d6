"""Front-end clients of the API and their keys (stored hashed, shown once)."""

import string
from urllib.parse import quote, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from rest_framework_api_key.models import AbstractAPIKey


def parse_origins(text: str) -> list[str]:
    """Origins one per line (or comma-separated), each 'scheme://host[:port]' with nothing after."""
    return [line.strip().rstrip("/") for line in text.replace(",", "\n").splitlines() if line.strip()]


def is_web_address(url: str, *, origin_only: bool = False) -> bool:
    """An http(s) address with a host (and, with ``origin_only``, nothing after it); a malformed one
    (an unclosed ``[`` in the host) is not one either."""
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:
        return False
    if parts.scheme not in {"http", "https"} or not hostname:
        return False
    return not (origin_only and (parts.path or parts.query or parts.fragment))


def validate_origins(text: str) -> None:
    for origin in parse_origins(text):
        if not is_web_address(origin, origin_only=True):
            raise ValidationError(f"'{origin}' is not an origin: use e.g. https://www.example.com (no path).")


PREVIEW_PLACEHOLDERS = ("token", "kind", "clinic", "slug", "locale", "id")


def validate_preview_url_template(template: str) -> None:
    """An http(s) URL on the clinic's preview website with ``{token}`` in it, and no placeholder
    but ``PREVIEW_PLACEHOLDERS``."""
    if not template:
        return
    if "{token}" not in template:
        raise ValidationError("Put {token} where the preview website reads the preview token.")
    names = ", ".join("{" + name + "}" for name in PREVIEW_PLACEHOLDERS)
    refused = ValidationError(f"Use only these placeholders, as written: {names} (and no other braces).")
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        raise refused from None
    for _text, name, spec, conversion in fields:
        if name is not None and (name not in PREVIEW_PLACEHOLDERS or spec or conversion):
            raise refused
    if "token" not in {name for _text, name, _spec, _conversion in fields}:  # "{{token}}" is no placeholder
        raise ValidationError("Put {token} where the preview website reads the preview token.")
    if not is_web_address(template.format(**dict.fromkeys(PREVIEW_PLACEHOLDERS, "x"))):
        raise ValidationError(
            "Use the preview website's full address, e.g. https://www.example.com/api/preview?token={token}."
        )


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
    allowed_origins = models.TextField(
        blank=True,
        validators=[validate_origins],
        help_text="Browser origins allowed to call the API with this client's keys (CORS), one per line, "
        "e.g. https://www.example.com. Leave empty for server-side use only.",
    )
    preview_url_template = models.CharField(
        "preview URL",
        max_length=500,
        blank=True,
        validators=[validate_preview_url_template],
        help_text="Preview clients only: where the clinic's website shows a draft, with {token} and, as it "
        "needs them, {kind}, {clinic}, {slug}, {locale} and {id}, e.g. "
        "https://www.example.com/api/preview?token={token}&slug={slug}&locale={locale}",
    )
    rate_limit_per_minute = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text="Requests per minute per key; empty means the network default.",
    )
    is_active = models.BooleanField(default=True, help_text="Untick to refuse all of this client's keys at once.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.kind == self.KIND_PREVIEW:
            errors = {}
            if self.clinic_id is None:
                errors["clinic"] = "A preview client belongs to one clinic: its keys read that clinic's drafts only."
            if not self.preview_url_template:
                errors["preview_url_template"] = "Give the address where the clinic's website shows a draft."
            if errors:
                raise ValidationError(errors)
        elif self.preview_url_template:
            raise ValidationError(
                {
                    "preview_url_template": "Only a preview client has a preview URL: choose the kind Preview, or clear it."
                }
            )

    @property
    def reads_drafts(self) -> bool:
        return self.kind == self.KIND_PREVIEW and self.clinic_id is not None

    def preview_url(self, *, token: str, kind: str, clinic: str, slug: str, locale: str, object_id: int) -> str:
        """The preview website's address for one token, each value escaped for a URL."""
        values = {"token": token, "kind": kind, "clinic": clinic, "slug": slug, "locale": locale, "id": str(object_id)}
        return self.preview_url_template.format(**{name: quote(value, safe="") for name, value in values.items()})

    @property
    def scope(self) -> str:
        return "network" if self.clinic_id is None else "clinic"

    def may_read(self, *, clinic_id: int) -> bool:
        return self.clinic_id is None or self.clinic_id == clinic_id

    @property
    def origins(self) -> list[str]:
        return parse_origins(self.allowed_origins)


class FrontEndKey(AbstractAPIKey):
    """An API key of one front-end client. Only a SHA-512 hash of the key is stored."""

    client = models.ForeignKey(FrontEndClient, on_delete=models.CASCADE, related_name="keys")

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "front-end API key"
        verbose_name_plural = "front-end API keys"
