"""Admin registration of clinics and their contact blocks."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Clinic, ContactBlock
from .services import ensure_clinic_tree


class ClinicViewSet(SnippetViewSet):
    model = Clinic
    icon = "site"
    list_display = ["name", "slug", "city", "state"]
    search_fields = ["name"]


class ContactBlockViewSet(SnippetViewSet):
    model = ContactBlock
    icon = "mail"
    list_display = ["clinic", "locale", "phone", "live"]
    list_filter = ["clinic", "locale"]


class ClinicsGroup(SnippetViewSetGroup):
    menu_label = "Clinics"
    menu_icon = "site"
    menu_order = 200
    items = (ClinicViewSet, ContactBlockViewSet)


register_snippet(ClinicsGroup)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def give_clinic_its_tree(request, instance):
    """A clinic added or edited in the admin gets its Site and a home page in each of its locales."""
    if isinstance(instance, Clinic):
        ensure_clinic_tree(clinic=instance)
