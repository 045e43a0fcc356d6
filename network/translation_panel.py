"""The edit view's "Translation" panel: the source's text beside the translation, and what of the
translation still reads like its source (for the editor before submitting, the reviewer before
approving)."""

from django.urls import reverse
from wagtail.admin.panels import Panel
from wagtail.models import Page

from .translation import compared_parts, source_of, untranslated_parts


class TranslationSourcePanel(Panel):
    """Shown on the edit view of a translation only (content in another locale than the default
    whose default-locale source exists)."""

    def __init__(self, heading="Translation", **kwargs):
        super().__init__(heading=heading, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "network/panels/translation_source.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.source = source_of(content=self.instance) if self.instance.pk else None

        def is_shown(self):
            return self.source is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            version, rows = compared_parts(content=self.instance)
            if isinstance(self.instance, Page):
                compare_url = reverse("translation_compare_page", args=[self.instance.pk])
                source_edit_url = reverse("wagtailadmin_pages:edit", args=[self.source.pk])
                source_title = self.source.get_admin_display_title()
            else:
                meta = self.instance._meta
                compare_url = reverse(
                    "translation_compare_snippet", args=[meta.app_label, meta.model_name, self.instance.pk]
                )
                source_edit_url = reverse(self.source.snippet_viewset.get_url_name("edit"), args=[self.source.pk])
                source_title = str(self.source)
            context.update(
                content=self.instance,
                source=version,
                rows=rows,
                untranslated=untranslated_parts(content=self.instance),
                source_language=version.locale.get_display_name(),
                language=self.instance.locale.get_display_name(),
                compare_url=compare_url,
                source_edit_url=source_edit_url,
                source_title=source_title,
            )
            return context
