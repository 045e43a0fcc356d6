"""Admin forms of a clinic's own objects."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm


class ClinicOwnedForm(WagtailAdminModelForm):
    """An admin form whose clinic field offers the user's clinics only, those whose editors' group
    they are in (every clinic for a superuser), as ``clinics.permissions.clinic_ids_of`` says:
    another clinic's id is refused as an invalid choice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clinic = self.fields.get("clinic")
        if isinstance(clinic, forms.ModelChoiceField) and self.for_user is not None and not self.for_user.is_superuser:
            clinic.queryset = clinic.queryset.filter(editors_group__user=self.for_user)
