"""Admin registration: front-end clients (Settings menu), their API keys, and the clinic
readiness check that a clinic's website has a client with a key.

A new key is shown exactly once, on the page that answers the POST that created it: it is never
stored (only its SHA-512 hash is), never put into a message, a log entry or a redirect.
"""

from collections.abc import Sequence
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.functional import cached_property
from django.views.generic import TemplateView, View
from wagtail import hooks
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from clinics.models import Clinic
from clinics.readiness import READINESS_CHECKS_HOOK, ReadinessItem
from clinics.selectors import clinic_named_in_query
from network.log_formatters import formatter_of
from network.templatetags.medical_review import APPROVAL_SECTIONS_HOOK

from .models import FrontEndClient, FrontEndKey
from .preview_admin import PreviewRevisionView

CHANGE_PERMISSION = "api.change_frontendclient"
LOG_KEY_CREATED = "api.frontend_key.create"
LOG_KEY_REVOKED = "api.frontend_key.revoke"


class FrontEndClientEditView(EditView):
    """The standard edit view, with a header button to the client's API keys."""

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                "API keys",
                url=reverse("frontend_client_keys", args=(self.object.pk,)),
                icon_name="key",
            ),
            HeaderButton(
                "Webhooks",
                url=f"{reverse('webhook_endpoints:index')}?client={self.object.pk}",
                icon_name="link-external",
            ),
        ]


class FrontEndClientCreateView(CreateView):
    """The standard create view; ``?clinic=<id>`` (the clinic checklist's link) fills in the
    clinic and a name for its website. Anything else in the query is ignored."""

    def get_initial(self):
        initial = super().get_initial()
        clinic = clinic_named_in_query(self.request.GET.get("clinic", ""))
        if clinic is not None:
            initial.update(clinic=clinic.pk, name=f"{clinic.name} website", kind=FrontEndClient.KIND_DELIVERY)
        return initial


class FrontEndClientViewSet(ModelViewSet):
    model = FrontEndClient
    icon = "key"
    menu_label = "Front-end clients"
    add_to_settings_menu = True
    add_view_class = FrontEndClientCreateView
    edit_view_class = FrontEndClientEditView
    list_display = ["name", "clinic", "kind", "is_active", "last_used_at"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    form_fields = [
        "name",
        "clinic",
        "kind",
        "preview_url_template",
        "allowed_origins",
        "rate_limit_per_minute",
        "is_active",
    ]


frontend_client_viewset = FrontEndClientViewSet("frontend_clients")


@hooks.register("register_admin_viewset")
def register_frontend_client_viewset():
    return frontend_client_viewset


class ClientKeysMixin(WagtailAdminTemplateMixin):
    """One client's keys: for users who may edit front-end clients (superusers by default)."""

    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        # Permission first, so that someone without it learns nothing (not even a 405 or a 404).
        if not request.user.has_perm(CHANGE_PERMISSION):
            raise PermissionDenied
        self.client = get_object_or_404(FrontEndClient, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.client.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("frontend_clients:index"), "label": "Front-end clients"},
            {"url": reverse("frontend_clients:edit", args=(self.client.pk,)), "label": self.client.name},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["client"] = self.client
        context["keys_url"] = reverse("frontend_client_keys", args=(self.client.pk,))
        context["new_key_url"] = reverse("frontend_client_new_key", args=(self.client.pk,))
        return context


class FrontEndClientKeysView(ClientKeysMixin, TemplateView):
    """The client's keys (prefix and dates, never the hash), each with a revoke button."""

    template_name = "api/frontend_client_keys.html"
    page_title = "API keys"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["keys"] = [
            {
                "prefix": key.prefix,
                "name": key.name,
                "created": key.created,
                "expiry_date": key.expiry_date,
                "revoked": key.revoked,
                "has_expired": key.has_expired,
                "revoke_url": reverse("frontend_client_revoke_key", args=(self.client.pk, key.prefix)),
            }
            for key in self.client.keys.order_by("-created")
        ]
        return context


class FrontEndClientNewKeyView(ClientKeysMixin, TemplateView):
    """GET asks for confirmation and creates nothing; POST creates a key and shows it once."""

    template_name = "api/frontend_client_new_key.html"
    created_template_name = "api/frontend_client_key_created.html"
    page_title = "New API key"
    http_method_names = ["get", "post", "head", "options"]

    def post(self, request, *args, **kwargs):
        api_key, plaintext_key = FrontEndKey.objects.create_key(name=f"{self.client.name} key", client=self.client)
        log(self.client, LOG_KEY_CREATED, user=request.user, data={"prefix": api_key.prefix})
        messages.success(request, f"A new API key ({api_key.prefix}) was issued for '{self.client.name}'.")
        context = self.get_context_data(plaintext_key=plaintext_key, api_key=api_key)
        context["page_title"] = context["header_title"] = "API key created"
        response = TemplateResponse(request, self.created_template_name, context)
        # The page holds a secret: keep it out of every cache (including the browser's back button).
        add_never_cache_headers(response)
        patch_cache_control(response, no_store=True)
        return response


class FrontEndClientRevokeKeyView(ClientKeysMixin, View):
    """POST only: revoke one key of the client (for good: a revoked key cannot be restored)."""

    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        api_key = get_object_or_404(FrontEndKey, client=self.client, prefix=kwargs["prefix"])
        if api_key.revoked:
            messages.warning(request, f"The API key {api_key.prefix} was already revoked.")
        else:
            api_key.revoked = True
            api_key.save()
            log(self.client, LOG_KEY_REVOKED, user=request.user, data={"prefix": api_key.prefix})
            messages.success(request, f"The API key {api_key.prefix} of '{self.client.name}' has been revoked.")
        return redirect("frontend_client_keys", pk=self.client.pk)


@hooks.register("register_admin_urls")
def register_frontend_key_urls():
    return [
        path(
            "preview/revisions/<int:revision_id>/<slug:clinic>/",
            PreviewRevisionView.as_view(),
            name="preview_revision_in_clinic",
        ),
        path("frontend-clients/<int:pk>/keys/", FrontEndClientKeysView.as_view(), name="frontend_client_keys"),
        path(
            "frontend-clients/<int:pk>/new-key/",
            FrontEndClientNewKeyView.as_view(),
            name="frontend_client_new_key",
        ),
        path(
            "frontend-clients/<int:pk>/keys/<str:prefix>/revoke/",
            FrontEndClientRevokeKeyView.as_view(),
            name="frontend_client_revoke_key",
        ),
    ]


@hooks.register("register_log_actions")
def register_frontend_key_actions(actions):
    actions.register_action(LOG_KEY_CREATED)(
        formatter_of("API key issued", lambda data: f"API key {data['prefix']} issued")
    )
    actions.register_action(LOG_KEY_REVOKED)(
        formatter_of("API key revoked", lambda data: f"API key {data['prefix']} revoked")
    )


@hooks.register(READINESS_CHECKS_HOOK, order=10)
def frontend_client_items(clinics: Sequence[Clinic]) -> dict[int, list[ReadinessItem]]:
    """The clinic's website needs a delivery client of its own (a network-wide client reads every
    clinic, and is not the clinic's website) that is switched on and holds an unrevoked, unexpired
    key. One query for any number of clinics."""
    now = timezone.now()
    usable_key = Q(keys__revoked=False) & (Q(keys__expiry_date__isnull=True) | Q(keys__expiry_date__gt=now))
    clients = {}
    for client in (
        FrontEndClient.objects.filter(clinic__in=[clinic.pk for clinic in clinics], kind=FrontEndClient.KIND_DELIVERY)
        .annotate(usable_keys=Count("keys", filter=usable_key))
        .order_by("-is_active", "-usable_keys", "name")
    ):
        clients.setdefault(client.clinic_id, client)
    items = {}
    for clinic in clinics:
        client = clients.get(clinic.pk)
        if client is None:
            item = ReadinessItem(
                label="Front-end client",
                done=False,
                state="No front-end client: the clinic's website has no API key to read its content with.",
                action_label="Add the website's front-end client",
                action_url=f"{reverse('frontend_clients:add')}?{urlencode({'clinic': clinic.pk})}",
            )
        elif not client.is_active:
            item = ReadinessItem(
                label="Front-end client",
                done=False,
                state=f"“{client.name}” is switched off: its keys are refused.",
                action_label="Switch it on",
                action_url=reverse("frontend_clients:edit", args=(client.pk,)),
            )
        elif not client.usable_keys:
            item = ReadinessItem(
                label="Front-end client",
                done=False,
                state=f"“{client.name}” has no usable API key (none issued, or all revoked or expired).",
                action_label="Issue an API key",
                action_url=reverse("frontend_client_new_key", args=(client.pk,)),
            )
        else:
            keys = client.usable_keys
            item = ReadinessItem(
                label="Front-end client",
                done=True,
                state=f"“{client.name}” has {keys} usable API {'key' if keys == 1 else 'keys'}.",
                action_label="View keys",
                action_url=reverse("frontend_client_keys", args=(client.pk,)),
            )
        items[clinic.pk] = [item]
    return items


@hooks.register(APPROVAL_SECTIONS_HOOK)
def review_previews_section(*, task_state, request) -> str:
    """The approve step's "Preview" line: the revision in each clinic's website, and the reviewer's last preview."""
    return render_to_string("api/includes/review_previews.html", {"task_state": task_state}, request=request)
