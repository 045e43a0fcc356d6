"""What a preview token points at when the editor previews changes they have not saved."""

from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from wagtail.models import PreviewableMixin

KIND_ARTICLE = "article"
KIND_LOCAL_TEXT = "local_text"
KIND_CONTACT = "contact"
KIND_DISCLAIMER = "disclaimer"
KINDS = (KIND_ARTICLE, KIND_LOCAL_TEXT, KIND_CONTACT, KIND_DISCLAIMER)


class PreviewSnapshot(models.Model):
    """The unsaved state of an object as an editor previewed it, frozen: a preview token names
    this row, so the clinic's website shows exactly what the editor saw when they pressed
    Preview, however they go on typing. Rows past their token's expiry are deleted as new ones
    are made (``network.preview.snapshot_of``)."""

    base_content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=255)
    content = models.JSONField(encoder=DjangoJSONEncoder, help_text="The object's fields as a revision stores them.")
    base_revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The saved revision the editor was changing.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["base_content_type", "object_id"])]

    def __str__(self) -> str:
        return f"Preview of {self.base_content_type.model} {self.object_id} ({self.created_at:%Y-%m-%d %H:%M})"


class PreviewResponder(Protocol):
    """What pressing Preview in the admin does (``api.preview_admin``, connected in ``ApiConfig.ready()``)."""

    def respond(self, obj: models.Model, request: Any, mode_name: str) -> Any: ...


_responder: PreviewResponder | None = None


def connect(responder: PreviewResponder) -> None:
    global _responder
    _responder = responder


def responder() -> PreviewResponder:
    if _responder is None:
        raise ImproperlyConfigured("ApiConfig.ready() connects the headless preview (api.preview_admin).")
    return _responder


class HeadlessPreviewMixin(PreviewableMixin):
    """Wagtail's preview (the Preview button and the live preview panel) of content a clinic's
    website shows: as the user's clinic by default, or as a clinic they pick (mode ``clinic-<slug>``),
    it sends them to that clinic's preview website with a token for what they are looking at."""

    preview_kind = ""

    # ``preview_modes`` stays Wagtail's one default mode: the clinics a user may pick depend on the
    # user, so the live preview panel lists them itself (``api.templatetags.preview_tags``), and
    # listings do not compute them per row (``Page.is_previewable`` reads them for every page).

    def serve_preview(self, request, mode_name):
        return responder().respond(self, request, mode_name)

    def plain_preview(self, request, mode_name):
        """The admin's own rendering, where the model has one (pages: ``PreviewableMixin``'s)."""
        return super().serve_preview(request, mode_name)
