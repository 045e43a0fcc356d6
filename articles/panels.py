"""The notice on a clinic's local text of a shared article when the shared article changed
since the text was approved. Imported by the models: it asks the text for its drift."""

from wagtail.admin.panels import Panel


class MasterChangedPanel(Panel):
    """ "The shared article changed on <date> since your text was approved: compare", with a
    button to confirm that the text still fits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", "Shared article")
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "articles/panels/master_changed.html"

        def is_shown(self):
            return self.instance is not None and self.instance.pk is not None and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["drift"] = self.instance.drift()
            return context
