"""Admin registration of clinics and their contact blocks."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CopyView, CreateView, EditView, SnippetViewSet, SnippetViewSetGroup

from network.editor_admin import ReviewStatusColumn, ServedSnippetIndexView

from .models import Clinic, ContactBlock
from .services import ensure_clinic_tree


class SavedWithItsTree:
    """Create, copy and edit views of a clinic: the clinic is saved with its Site and home pages,
    or not at all.

    Wagtail runs save_instance() inside the view's transaction.atomic() (form_valid of
    wagtail.admin.views.generic's CreateView/EditView and of CreateEditViewOptionalFeaturesMixin),
    but runs after_create_snippet / after_edit_snippet hooks after that transaction has committed.
    On upgrade, check that form_valid still wraps save_instance: tests/clinics/test_clinic_admin.py
    fails if it does not.
    """

    def save_instance(self):
        clinic = super().save_instance()
        ensure_clinic_tree(clinic=clinic)
        return clinic


class ClinicCreateView(SavedWithItsTree, CreateView):
    pass


class ClinicCopyView(SavedWithItsTree, CopyView):
    pass


class ClinicEditView(SavedWithItsTree, EditView):
    pass


class ClinicViewSet(SnippetViewSet):
    model = Clinic
    icon = "site"
    list_display = ["name", "slug", "city", "state"]
    search_fields = ["name"]
    add_view_class = ClinicCreateView
    copy_view_class = ClinicCopyView
    edit_view_class = ClinicEditView


class ContactBlockViewSet(SnippetViewSet):
    model = ContactBlock
    icon = "mail"
    list_display = ["clinic", "locale", "phone", ReviewStatusColumn(label="Status")]
    list_filter = ["clinic", "locale"]
    index_view_class = ServedSnippetIndexView

    def get_queryset(self, request):
        return ContactBlock.objects.select_related("clinic", "locale")  # shown in every row


class ClinicsGroup(SnippetViewSetGroup):
    menu_label = "Clinics"
    menu_icon = "site"
    menu_order = 200
    items = (ClinicViewSet, ContactBlockViewSet)


register_snippet(ClinicsGroup)
