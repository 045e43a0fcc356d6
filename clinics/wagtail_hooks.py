"""Admin registration of clinics and their contact blocks, and the clinic readiness checklist's
own checks (contact blocks, editors)."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language_info
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.navigation import get_site_for_user
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.ui.tables import Column
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CopyView,
    CreateView,
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from network.editor_admin import ReviewStatusColumn, ServedSnippetIndexView

from .models import Clinic, ContactBlock
from .permissions import (
    NETWORK_WIDE_REPORT_MENU_ITEMS,
    ClinicScopedChooserViewSet,
    clinic_filter,
    clinics_for,
    is_clinic_editor,
    other_clinics_pages,
    scope_to_clinic,
    scoped_listing,
)
from .readiness import READINESS_CHECKS_HOOK, contact_block_items, editor_items, readiness_of
from .selectors import clinic_named_in_query
from .services import clinic_homes, create_contact_block_drafts, ensure_clinic_editors_group, ensure_clinic_tree

hooks.register(READINESS_CHECKS_HOOK, contact_block_items, order=0)
hooks.register(READINESS_CHECKS_HOOK, editor_items, order=20)


class SavedWithItsTree:
    """Create, copy and edit views of a clinic: the clinic is saved with its Site and home pages,
    its editors' group and a draft contact block for each locale that has none, or not at all.

    Wagtail runs save_instance() inside the view's transaction.atomic() (form_valid of
    wagtail.admin.views.generic's CreateView/EditView and of CreateEditViewOptionalFeaturesMixin),
    but runs after_create_snippet / after_edit_snippet hooks after that transaction has committed.
    On upgrade, check that form_valid still wraps save_instance: tests/clinics/test_clinic_admin.py
    and tests/clinics/test_clinic_readiness.py fail if it does not.
    """

    def save_instance(self):
        clinic = super().save_instance()
        ensure_clinic_tree(clinic=clinic)
        ensure_clinic_editors_group(clinic=clinic)
        self.contact_drafts = create_contact_block_drafts(clinic=clinic, user=self.request.user)
        return clinic


class ShowsTheChecklistAfterwards:
    """A new clinic opens on its edit view, where the checklist says what it still lacks."""

    def get_success_url(self):
        return reverse(self.edit_url_name, args=(self.object.pk,))

    def get_success_message(self, instance):
        drafts = ", ".join(get_language_info(draft.locale.language_code)["name"] for draft in self.contact_drafts)
        made = f" and draft contact blocks ({drafts}) to complete and publish" if drafts else ""
        return (
            f"Clinic '{instance}' created with its site, home pages, editors' group{made}. "
            "The checklist below says what it still lacks."
        )


class ClinicCreateView(ShowsTheChecklistAfterwards, SavedWithItsTree, CreateView):
    pass


class ClinicCopyView(ShowsTheChecklistAfterwards, SavedWithItsTree, CopyView):
    pass


class ClinicEditView(SavedWithItsTree, EditView):
    pass


class ReadinessColumn(Column):
    """The clinics listing's "Ready" column: read from ``clinic.readiness``, which the index
    view sets for the whole page at once."""

    cell_template_name = "clinics/readiness_cell.html"

    def get_value(self, instance):
        return instance.readiness


class ClinicIndexView(IndexView):
    def get_table(self, object_list):
        """Every clinic of the page with its checklist, in a few queries for the page (not per row).

        get_table() of wagtail.admin.views.generic.base.BaseListingView receives the page's
        objects and builds the table from them. On upgrade, check that it still does:
        tests/clinics/test_clinic_readiness.py reads the column and counts the listing's queries."""
        clinics = list(object_list)
        readiness = readiness_of(clinics=clinics)
        for clinic in clinics:
            clinic.readiness = readiness[clinic.pk]
        return super().get_table(clinics)


class ClinicViewSet(SnippetViewSet):
    model = Clinic
    icon = "site"
    list_display = ["name", "slug", "city", "state", ReadinessColumn("readiness", label="Ready to go live")]
    search_fields = ["name"]
    index_view_class = ClinicIndexView
    add_view_class = ClinicCreateView
    copy_view_class = ClinicCopyView
    edit_view_class = ClinicEditView


class ContactBlockCreateView(CreateView):
    """The standard create view; ``?clinic=<id>`` (the clinic checklist's link) fills in the clinic."""

    def get_initial(self):
        initial = super().get_initial()
        clinic = clinic_named_in_query(self.request.GET.get("clinic", ""))
        if clinic is not None:
            initial["clinic"] = clinic.pk
        return initial


class ContactBlockFilterSet(WagtailFilterSet):
    clinic = clinic_filter()

    class Meta:
        model = ContactBlock
        fields = ["clinic", "locale"]


scope_to_clinic(ContactBlock)  # a clinic's editors see and change their clinic's contact blocks only


class ContactBlockViewSet(SnippetViewSet):
    model = ContactBlock
    icon = "mail"
    list_display = ["clinic", "locale", "phone", ReviewStatusColumn(label="Status")]
    filterset_class = ContactBlockFilterSet
    add_view_class = ContactBlockCreateView
    index_view_class = ServedSnippetIndexView
    chooser_viewset_class = ClinicScopedChooserViewSet

    def get_queryset(self, request):
        return scoped_listing(self, request).select_related("clinic", "locale")  # shown in every row


class ClinicsGroup(SnippetViewSetGroup):
    menu_label = "Clinics"
    menu_icon = "site"
    menu_order = 200
    items = (ClinicViewSet, ContactBlockViewSet)


register_snippet(ClinicsGroup)


@hooks.register("construct_page_chooser_queryset")
def leave_out_other_clinics_pages(pages, request):
    """A clinic's editor links to their clinic's pages and the shared library, never to another clinic's."""
    return other_clinics_pages(request.user, pages)


@hooks.register("construct_reports_menu")
def leave_out_network_wide_reports(request, menu_items):
    if is_clinic_editor(request.user):
        menu_items[:] = [item for item in menu_items if item.name not in NETWORK_WIDE_REPORT_MENU_ITEMS]


class ClinicPagesSummaryItem(PagesSummaryItem):
    """The dashboard's page count for a clinic's editor: their clinic's pages, not the network's
    (Wagtail counts every page under the first page common to their rights: the tree's root)."""

    def get_context_data(self, parent_context):
        # Wagtail's own count (every page under the tree's root) is not asked for: at 100,000
        # articles it costs more than the rest of the dashboard.
        site = get_site_for_user(self.request.user)
        in_trees = Q()
        for clinic in clinics_for(self.request.user).select_related("site__root_page"):
            for home in clinic_homes(clinic=clinic):
                in_trees |= Q(path__startswith=home.path)
        total = Page.objects.filter(in_trees).count() if in_trees else 0
        return {"root_page": site["root_page"], "total_pages": total, "site_name": site["site_name"]}


@hooks.register("construct_homepage_summary_items", order=100)  # after Wagtail adds its own
def count_the_clinics_own_pages(request, summary_items):
    if is_clinic_editor(request.user):
        summary_items[:] = [
            ClinicPagesSummaryItem(request) if isinstance(item, PagesSummaryItem) else item for item in summary_items
        ]
