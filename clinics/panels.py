"""The clinic's readiness checklist as an admin panel: on the clinic's edit view and on its home
page's edit view (``clinics.readiness`` says what is checked)."""

from wagtail.admin.panels import Panel


class ClinicReadinessPanel(Panel):
    """What the clinic still lacks, each with a link that fixes it. Shown once the clinic exists.

    On a Clinic form the instance is the clinic; on a clinic home page's form, the clinic whose
    home (in any locale) the page is."""

    def __init__(self, heading="Ready to go live?", **kwargs):
        super().__init__(heading=heading, **kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "readiness"

    class BoundPanel(Panel.BoundPanel):
        template_name = "clinics/readiness_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.clinic = self.find_clinic()

        def find_clinic(self):
            # clinics.models declares this panel, and readiness imports the models (a circle at
            # load time): both are read when a form is built.
            from .models import Clinic
            from .readiness import clinic_of_home

            if self.instance is None or self.instance.pk is None:
                return None
            if isinstance(self.instance, Clinic):
                return self.instance
            return clinic_of_home(page=self.instance)

        def is_shown(self):
            return self.clinic is not None and super().is_shown()

        def get_context_data(self, parent_context=None):
            from .readiness import readiness_of  # see find_clinic

            context = super().get_context_data(parent_context)
            context["clinic"] = self.clinic
            context["readiness"] = readiness_of(clinics=[self.clinic])[self.clinic.pk]
            return context
