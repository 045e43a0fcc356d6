"""Admin forms of a clinic's own objects."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm


class ClinicOwnedForm(WagtailAdminModelForm):
    """An admin form whose clinic field offers the user's clinics only (``clinics.permissions``):
    another clinic's id is refused as an invalid choice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .permissions import clinics_for  # the permissions use the models, which use this form

        clinic = self.fields.get("clinic")
        if isinstance(clinic, forms.ModelChoiceField) and self.for_user is not None:
            clinic.queryset = clinics_for(self.for_user)
