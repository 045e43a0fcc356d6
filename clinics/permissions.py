"""A clinic's own objects (its contact blocks, its overrides of shared articles) for its own
editors only.

Wagtail grants a snippet's rights per model, for every object at once (wagtail#3030, #6731); a
snippet viewset's ``get_queryset`` narrows its listing but not its edit, inspect, history or
delete URLs, which look objects up by id (wagtail#10746); its chooser lists every object
(wagtail#14272). For a model registered here (``scope_to_clinic``):

- ``ClinicScopedPermissionPolicy``, registered as the model's permission policy, narrows the
  model rights to the objects of the clinics whose editors' group the user is in (every clinic
  for a superuser, a network administrator): Wagtail's views and menus ask it;
- ``ClinicScopeMiddleware`` answers 404 for every admin URL of the model's viewset or chooser
  that names an object outside the user's clinics, whichever view it is (edit, inspect, history,
  usage, revisions, preview, delete, workflow, lock...), and refuses bulk actions on such objects;
  active medical reviewers pass it for medical text, to read it and decide (``REVIEWER_READS``);
- Wagtail's network-wide reports (``NETWORK_WIDE_REPORTS``) are refused to a clinic's editors and
  left out of their menu; the page chooser leaves out other clinics' trees (clinics/wagtail_hooks.py);
- ``scoped_listing``, ``clinics.forms.ClinicOwnedForm``, ``clinic_filter`` and ``ClinicScopedChooserViewSet``
  narrow the listing, the form's clinic field, the listing's clinic filter and the chooser.
"""

import functools

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.urls import reverse
from django_filters import ModelChoiceFilter
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet

from network.review import is_active_reviewer

from .models import Clinic

BULK_ACTION_VIEW = "wagtail_bulk_action"
PAGE_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk")  # how Wagtail names pages
# Wagtail's reports that list the whole network's objects, not only those a clinic's editor may
# see (site history shows every contact block's log entries to anyone with a right on the model):
# not for a clinic's editors. The locked pages report lists pages they may change only.
NETWORK_WIDE_REPORTS = {
    "wagtailadmin_reports:site_history",
    "wagtailadmin_reports:workflow",
    "wagtailadmin_reports:workflow_tasks",
    "wagtailadmin_reports:aging_pages",
    "wagtailadmin_reports:page_types_usage",
}
NETWORK_WIDE_REPORT_MENU_ITEMS = {"site-history", "workflows", "workflow-tasks", "aging-pages", "page-types-usage"}


def clinic_ids_of(user) -> frozenset[int] | None:
    """The clinics whose editors' group the user is in (``Clinic.editors_group``); None for a
    superuser, who sees every clinic. Read once per request (held on the request's user)."""
    if user.is_superuser:
        return None
    held = getattr(user, "_clinic_ids", None)
    if held is None:
        held = frozenset(Clinic.objects.filter(editors_group__user=user).values_list("pk", flat=True))
        user._clinic_ids = held
    return held


def is_clinic_editor(user) -> bool:
    """Whether the user works for one clinic or more (and is no superuser): they see only those."""
    ids = clinic_ids_of(user)
    return ids is not None and bool(ids)


def other_clinics_paths(user) -> list[str]:
    """The tree paths of the home pages (every locale) of the clinics a clinic's editor does not
    work for; none for anyone else. Read once per request (held on the request's user)."""
    if not is_clinic_editor(user):
        return []
    held = getattr(user, "_other_clinics_paths", None)
    if held is None:
        from .services import clinic_homes  # the services use the models of other rooms' apps too

        others = Clinic.objects.exclude(pk__in=clinic_ids_of(user)).select_related("site__root_page")
        held = [home.path for clinic in others for home in clinic_homes(clinic=clinic)]
        user._other_clinics_paths = held
    return held


def other_clinics_pages(user, pages: QuerySet) -> QuerySet:
    """``pages`` without the trees of the clinics a clinic's editor does not work for."""
    for path in other_clinics_paths(user):
        pages = pages.exclude(path__startswith=path)
    return pages


def clinics_for(user) -> QuerySet:
    ids = clinic_ids_of(user)
    return Clinic.objects.all() if ids is None else Clinic.objects.filter(pk__in=ids)


class ClinicScopedPermissionPolicy(ModelPermissionPolicy):
    """The model's Django rights, on the objects of the user's clinics only."""

    def __init__(self, model, *, clinic_field: str = "clinic"):
        super().__init__(model)
        self.clinic_field = clinic_field

    def scoped(self, queryset: QuerySet, user) -> QuerySet:
        ids = clinic_ids_of(user)
        return queryset if ids is None else queryset.filter(**{f"{self.clinic_field}__in": ids})

    def in_scope(self, user, instance: Model) -> bool:
        ids = clinic_ids_of(user)
        return ids is None or getattr(instance, f"{self.clinic_field}_id") in ids

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self.in_scope(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return self.scoped(super().instances_user_has_any_permission_for(user, actions), user)


_scoped: dict[type[Model], ClinicScopedPermissionPolicy] = {}  # model -> its policy
_namespaces: dict[str, ClinicScopedPermissionPolicy] = {}  # admin URL namespace -> its model's policy
_chooser_namespaces: set[str] = set()


def scope_to_clinic(model: type[Model], *, clinic_field: str = "clinic") -> ClinicScopedPermissionPolicy:
    """Register the model's objects as belonging to the clinic named by ``clinic_field``: before
    its snippet viewset is registered (Wagtail then uses this policy for it)."""
    policy = ClinicScopedPermissionPolicy(model, clinic_field=clinic_field)
    register_permission_policy(model, policy, exact_class=True)
    _scoped[model] = policy
    return policy


def scoped_listing(viewset, request) -> QuerySet:
    """The viewset's objects the user may see: for its ``get_queryset(request)``."""
    policy = _scoped[viewset.model]
    return policy.scoped(viewset.model._default_manager.all(), request.user)


def _policy_for_namespaces(namespaces: list[str]) -> ClinicScopedPermissionPolicy | None:
    if not _namespaces:  # the snippet viewsets are registered by now (the admin's URLs are loaded)
        for model, policy in _scoped.items():
            viewset = model.snippet_viewset  # type: ignore[attr-defined]  # set by register_snippet
            _namespaces[viewset.url_namespace] = policy
            _namespaces[viewset.chooser_viewset.url_namespace] = policy
            _chooser_namespaces.add(viewset.chooser_viewset.url_namespace)
    return next((_namespaces[namespace] for namespace in namespaces if namespace in _namespaces), None)


@functools.cache
def admin_prefix() -> str:
    return reverse("wagtailadmin_home")


# What a medical reviewer opens of any clinic's medical text (a clinic's local texts) to review it:
# read, and decide through the review task; never save, delete, copy or lock it. A reviewer who
# is also a clinic's editor holds that clinic's rights on the model, so the scope still applies to
# every other view and to any other method.
REVIEWER_READS = {
    "edit",
    "history",
    "revisions_compare",
    "revisions_view",
    "workflow_history",
    "workflow_history_detail",
    "workflow_preview",
    "preview_on_edit",
}
REVIEWER_DECIDES = {"workflow_action"}


def reviews_here(request, url_name: str) -> bool:
    if not is_active_reviewer(request.user):
        return False
    if url_name in REVIEWER_DECIDES:
        return True
    return url_name in REVIEWER_READS and request.method in ("GET", "HEAD")


class ClinicScopeMiddleware:
    """404 for an admin URL that names another clinic's object (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not request.path.startswith(admin_prefix()):
            return None  # never touches the session of an API request (it would add Vary: Cookie)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_superuser or not _scoped:
            return None
        if match.view_name in NETWORK_WIDE_REPORTS and is_clinic_editor(user):
            raise PermissionDenied("This report covers the whole network.")
        page_pk = [view_kwargs["pk"]] if "wagtailadmin_pages" in match.namespaces and "pk" in view_kwargs else []
        self.check_pages(user, view_kwargs, page_pk)  # ``pk``: the page views' revisions comparison
        if match.view_name == BULK_ACTION_VIEW:
            self.check_bulk_action(request, view_kwargs)
            return None
        policy = _policy_for_namespaces(match.namespaces)
        if policy is None:
            return None
        if getattr(policy.model, "requires_medical_review", False) and reviews_here(request, match.url_name):
            return None
        if match.url_name == "create" and _chooser_namespaces.intersection(match.namespaces):
            raise PermissionDenied("Create it from its own menu.")  # its form would offer every clinic
        named = [view_kwargs["pk"]] if "pk" in view_kwargs else []
        self.check_in_scope(policy, request, [*named, *request.GET.getlist("id")])
        return None

    @staticmethod
    def check_in_scope(policy: ClinicScopedPermissionPolicy, request, ids: list) -> None:
        """404 unless every object named by ``ids`` is among the user's clinics' objects."""
        if not ids:
            return
        if "all" in ids:  # a bulk action on the whole listing would reach every clinic's objects
            raise PermissionDenied("Choose the objects one by one.")
        wanted = {unquote(str(each)) for each in ids}
        if not all(each.isdigit() for each in wanted):
            raise Http404("No such object.")
        found = policy.scoped(policy.model._default_manager.filter(pk__in=wanted), request.user)
        if found.count() != len(wanted):
            raise Http404("No such object among your clinic's.")

    @staticmethod
    def check_pages(user, view_kwargs, page_args: list) -> None:
        """404 for an admin URL naming a page of another clinic's tree (the explorer, the page
        views, the choosers), for a clinic's editor: Wagtail refuses most of these itself, but
        the explorer would still show the page's title."""
        named = [*page_args, *(view_kwargs[name] for name in PAGE_KWARGS if name in view_kwargs)]
        if not named or not other_clinics_paths(user):
            return
        for path in Page.objects.filter(pk__in=[str(each) for each in named]).values_list("path", flat=True):
            if any(path.startswith(other) for other in other_clinics_paths(user)):
                raise Http404("No such page among your clinic's.")

    @classmethod
    def check_bulk_action(cls, request, view_kwargs) -> None:
        ids = [*request.GET.getlist("id"), *request.POST.getlist("id")]
        if (view_kwargs.get("app_label"), view_kwargs.get("model_name")) == ("wagtailcore", "page"):
            cls.check_pages(request.user, {}, [each for each in ids if each.isdigit()])
        for model, policy in _scoped.items():
            if (model._meta.app_label, model._meta.model_name) == (
                view_kwargs.get("app_label"),
                view_kwargs.get("model_name"),
            ):
                cls.check_in_scope(policy, request, ids)


def clinic_filter() -> ModelChoiceFilter:
    """A listing's clinic filter, listing the user's clinics only."""
    return ModelChoiceFilter(queryset=lambda request: clinics_for(request.user) if request else Clinic.objects.none())


class ScopedChooser:
    def get_object_list(self):
        return _scoped[self.model_class].scoped(super().get_object_list(), self.request.user)


class ClinicScopedChooseView(ScopedChooser, ChooseView):
    pass


class ClinicScopedChooseResultsView(ScopedChooser, ChooseResultsView):
    pass


class ClinicScopedChooserViewSet(SnippetChooserViewSet):
    """The snippet chooser, listing the user's clinics' objects only (its chosen view is
    guarded by ``ClinicScopeMiddleware``)."""

    choose_view_class = ClinicScopedChooseView
    choose_results_view_class = ClinicScopedChooseResultsView
