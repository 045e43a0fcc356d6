"""Network-wide content: the shared article library and the medical disclaimers."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Page,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from ..publishing import ReviewedPageMixin
from ..review_panels import ReviewStatusPanel
from ..translation_panel import TranslationSourcePanel
from .drafts import TranslatedAsDraftMixin
from .preview import KIND_DISCLAIMER, HeadlessPreviewMixin
from .review import live_review_field

DISCLAIMER_FEATURES = ["bold", "italic", "link"]


class SharedLibraryPage(ReviewedPageMixin, Page):
    """Root of the network library: articles under it are shared by every clinic.

    It is not the root of any clinic's Site; clinics reach its articles through the API.
    """

    patient_visibility = "Not shown to patients itself: its approved articles reach every clinic's website."
    headless_notice = (
        "The shared library: articles here reach every clinic's website through the API, each once a "
        "medical reviewer approved it. The library has no website of its own, by design."
    )

    introduction = models.TextField(blank=True, help_text="For editors: what belongs in the library.")

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["articles.ArticlePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "shared library"
        verbose_name_plural = "shared libraries"


class Disclaimer(
    TranslatedAsDraftMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    HeadlessPreviewMixin,
    TranslatableMixin,
    index.Indexed,
    models.Model,
):
    """Medically reviewed disclaimer text, versioned through revisions, one row per locale."""

    requires_medical_review = True
    preview_kind = KIND_DISCLAIMER

    title = models.CharField(max_length=255, help_text="For editors, e.g. 'Network medical disclaimer'.")
    body = RichTextField(features=DISCLAIMER_FEATURES)
    live_review = live_review_field()

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="disclaimer")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="disclaimer",
        for_concrete_model=False,
    )

    translated_fields = ("title", "body")
    panels = [ReviewStatusPanel(), TranslationSourcePanel(), FieldPanel("title"), FieldPanel("body")]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = "disclaimer"
        verbose_name_plural = "disclaimers"

    def __str__(self) -> str:
        return f"{self.title} ({self.locale.language_code})"

    @property
    def revisions(self):
        return self._revisions


@register_setting(icon="link")
class DeliverySettings(BaseGenericSetting):
    """How clinic websites present shared content: where a shared article's canonical URL points."""

    CANONICAL_CLINIC = "clinic"
    CANONICAL_NETWORK = "network"

    canonical_mode = models.CharField(
        max_length=20,
        choices=[
            (CANONICAL_CLINIC, "Each clinic's own URL (every clinic's page is canonical)"),
            (CANONICAL_NETWORK, "One canonical site for shared articles"),
        ],
        default=CANONICAL_CLINIC,
    )
    canonical_base_url = models.URLField(
        blank=True,
        help_text="With one canonical site: its base URL, e.g. https://www.example.com (no trailing slash).",
    )

    panels = [FieldPanel("canonical_mode"), FieldPanel("canonical_base_url")]

    class Meta:
        verbose_name = "delivery settings"

    def clean(self):
        super().clean()
        self.canonical_base_url = self.canonical_base_url.rstrip("/")
        if self.canonical_mode == self.CANONICAL_NETWORK and not self.canonical_base_url:
            raise ValidationError({"canonical_base_url": "Give the canonical site's base URL."})
