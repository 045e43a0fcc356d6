"""Network-wide content: the shared article library and the medical disclaimers."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from wagtail.admin.panels import FieldPanel
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

DISCLAIMER_FEATURES = ["bold", "italic", "link"]


class SharedLibraryPage(Page):
    """Root of the network library: articles under it are shared by every clinic.

    It is not the root of any clinic's Site; clinics reach its articles through the API.
    """

    introduction = models.TextField(blank=True, help_text="For editors: what belongs in the library.")

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["articles.ArticlePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "shared library"
        verbose_name_plural = "shared libraries"


class Disclaimer(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    index.Indexed,
    models.Model,
):
    """Medically reviewed disclaimer text, versioned through revisions, one row per locale."""

    requires_medical_review = True

    title = models.CharField(max_length=255, help_text="For editors, e.g. 'Network medical disclaimer'.")
    body = RichTextField(features=DISCLAIMER_FEATURES)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="disclaimer")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="disclaimer",
        for_concrete_model=False,
    )

    panels = [FieldPanel("title"), FieldPanel("body")]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = "disclaimer"
        verbose_name_plural = "disclaimers"

    def __str__(self) -> str:
        return f"{self.title} ({self.locale.language_code})"

    @property
    def revisions(self):
        return self._revisions
