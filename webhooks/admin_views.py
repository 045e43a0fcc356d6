"""The admin of webhooks, for administrators (users who may change front-end clients, as in the
client admin): endpoints (register, edit, rotate the secret, send a test event, clear a flag,
delete) and deliveries (newest first with filters, the detail with every attempt, redeliver).

A signing secret is shown exactly once, on the page that answers the POST that made it (the
endpoint's creation or a rotation): it is stored encrypted only (``webhooks.secrets``), never put
into a message, a log entry or a redirect, and that page is never cached. GET changes nothing:
every action is a POST (with Django's CSRF check) behind a confirmation page or a button.
"""

import json

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.forms import RadioSelect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.timesince import timeuntil
from django.views.defaults import permission_denied
from django.views.generic import TemplateView, View
from django_filters import BooleanFilter, ChoiceFilter, ModelChoiceFilter
from django_filters.fields import ModelChoiceField as FilterModelChoiceField
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import LogFormatter, log
from wagtail.permission_policies.base import BaseDjangoAuthPermissionPolicy

from api.models import FrontEndClient
from api.wagtail_hooks import CHANGE_PERMISSION
from changes.models import EVENT_TYPES
from clinics.models import Clinic

from . import services
from .models import Delivery, DeliveryAttempt, WebhookEndpoint
from .purges import PURGE_EVENT

# Who administers webhooks: whoever may change front-end clients (superusers by default).
ADMINISTRATOR_PERMISSION = CHANGE_PERMISSION

LOG_SECRET_ROTATED = "webhooks.secret.rotate"  # noqa: S105 (an audit log action's name)
LOG_TEST_EVENT_SENT = "webhooks.test_event.send"
LOG_REDELIVERED = "webhooks.delivery.redeliver"
LOG_FLAG_CLEARED = "webhooks.flag.clear"

ENDPOINTS = "webhook_endpoints"  # the endpoints' viewset: its URL names are "webhook_endpoints:..."
DELIVERIES = "webhook_deliveries"


def is_webhook_administrator(user) -> bool:
    return user.is_active and user.has_perm(ADMINISTRATOR_PERMISSION)


class WebhookAdministrators(BaseDjangoAuthPermissionPolicy):
    """Every action on endpoints and deliveries is for the administrators of front-end clients:
    webhooks have no permissions of their own to grant."""

    def __init__(self, model):
        super().__init__(model, auth_model=FrontEndClient)

    def user_has_permission(self, user, action):
        return is_webhook_administrator(user)

    def user_has_any_permission(self, user, actions):
        return is_webhook_administrator(user)

    def users_with_any_permission(self, actions):
        return self._get_users_with_any_permission_codenames({self._get_permission_codename("change")})


class AdministratorsOnly:
    """A 403 before anything else, so that someone without the permission learns nothing (not
    even a 405, or a 404 from a view that looks its object up in ``setup()``, as Wagtail's
    delete and history views do). Wagtail's own check would raise ``PermissionDenied``, which
    its admin answers with a redirect to the home page."""

    refused = False

    def setup(self, request, *args, **kwargs):
        self.refused = not is_webhook_administrator(request.user)
        if self.refused:
            # Django's own setup only, skipping the look-ups of Wagtail's views' setup() (on upgrade,
            # tests/admin/test_webhooks_admin.py::test_only_administrators_get_in checks the 403s).
            View.setup(self, request, *args, **kwargs)
        else:
            super().setup(request, *args, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        if self.refused:
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)


def secret_page(request, template_name: str, context: dict) -> TemplateResponse:
    """The page that shows a secret once: kept out of every cache, the browser's back button too."""
    response = TemplateResponse(request, template_name, context)
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    return response


def when(value) -> str:
    return date_format(timezone.localtime(value), "j F Y, H:i T") if value else ""


def event_types_text(endpoint: WebhookEndpoint) -> str:
    return ", ".join(endpoint.event_types) if endpoint.event_types else "All event types"


def clinic_text(endpoint: WebhookEndpoint) -> str:
    return endpoint.client.clinic.name if endpoint.client.clinic_id else "Network-wide (every clinic)"


def destination_text(delivery: Delivery) -> str:
    if delivery.destination == Delivery.WEBHOOK:
        return delivery.endpoint.url if delivery.endpoint_id else "(endpoint deleted)"
    return delivery.get_destination_display()


# Endpoints -------------------------------------------------------------------------------------


class EndpointFilterSet(WagtailFilterSet):
    client = ModelChoiceFilter(queryset=FrontEndClient.objects.order_by("name"), label="Front-end client")
    active = BooleanFilter(label="Active", widget=BooleanRadioSelect)
    flagged = BooleanFilter(
        field_name="flagged_at", lookup_expr="isnull", exclude=True, label="Flagged", widget=BooleanRadioSelect
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["client", "active", "flagged"]


class FlagColumn(Column):
    cell_template_name = "webhooks/cells/flag.html"


class LastDeliveryColumn(Column):
    """Read from the annotations of ``EndpointIndexView.get_base_queryset`` (no query per row)."""

    cell_template_name = "webhooks/cells/last_delivery.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        if instance.last_delivery_id:
            context.update(
                delivery_url=reverse(f"{DELIVERIES}:detail", args=(instance.last_delivery_id,)),
                status=instance.last_delivery_status,
                status_label=dict(Delivery.STATUSES).get(instance.last_delivery_status, ""),
                at=instance.last_delivery_at,
            )
        return context


def endpoint_state(endpoint: WebhookEndpoint) -> str:
    if not endpoint.active:
        return "Switched off"
    if not endpoint.client.is_active:
        return "Client switched off"
    return "Yes"


class ClientColumn(Column):
    cell_template_name = "webhooks/cells/client.html"


ENDPOINT_COLUMNS = [
    "url",  # the title column: a link to the endpoint, with its actions (labelled "URL" by the index view)
    ClientColumn("client", label="Front-end client and clinic", sort_key="client__name"),
    Column("event_types", label="Event types", accessor=event_types_text),
    Column("sending", label="Active", accessor=endpoint_state),
    FlagColumn("flagged_at", label="Flag", sort_key="flagged_at", width="24%"),
    LastDeliveryColumn("last_delivery", label="Last delivery"),
]


class EndpointIndexView(AdministratorsOnly, IndexView):
    page_title = "Webhooks"

    @cached_property
    def columns(self):
        columns = super().columns
        columns[0].label, columns[0].width = "URL", "26%"
        return columns

    def get_base_queryset(self) -> QuerySet[WebhookEndpoint]:
        latest = Delivery.objects.filter(endpoint=OuterRef("pk")).order_by("-pk")
        return (
            super()
            .get_base_queryset()
            .select_related("client__clinic")
            .annotate(
                last_delivery_id=Subquery(latest.values("pk")[:1]),
                last_delivery_status=Subquery(latest.values("status")[:1]),
                last_delivery_at=Subquery(latest.values("created_at")[:1]),
            )
        )

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            MenuItem("Deliveries", url=deliveries_of(instance), icon_name="resubmit", priority=15),
            MenuItem(
                "Rotate secret",
                url=reverse(f"{ENDPOINTS}:rotate_secret", args=(instance.pk,)),
                icon_name="key",
                priority=16,
            ),
        ]


def deliveries_of(endpoint: WebhookEndpoint) -> str:
    return f"{reverse(f'{DELIVERIES}:index')}?endpoint={endpoint.pk}"


class EndpointCreateView(AdministratorsOnly, CreateView):
    """The standard form; on success the page that shows the new secret, once, instead of a
    redirect. ``?client=<id>`` (the front-end client's "Webhooks" button) fills in the client."""

    page_title = "New webhook endpoint"
    created_template_name = "webhooks/endpoint_created.html"
    # The answer holds the secret: always this page, never Wagtail's JSON for a background save.
    expects_json_response = False

    def get_initial(self):
        initial = super().get_initial()
        client = self.request.GET.get("client", "")
        if client.isdigit() and FrontEndClient.objects.filter(pk=int(client)).exists():
            initial["client"] = int(client)
        return initial

    def form_valid(self, form):
        self.form = form
        data = form.cleaned_data
        try:
            with transaction.atomic():
                endpoint, secret = services.create_endpoint(
                    client=data["client"],
                    url=data["url"],
                    description=data["description"],
                    event_types=list(data["event_types"]),
                )
                log(endpoint, "wagtail.create", user=self.request.user, data={"client": endpoint.client.name})
        except ValidationError as error:
            # Checked again by the service (the host may resolve otherwise by now): still the form's error.
            add_service_error(form, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        self.object = endpoint
        messages.success(self.request, f"The webhook endpoint {endpoint.url} was registered for {endpoint.client}.")
        context = self.get_context_data(endpoint=endpoint, secret=secret, **endpoint_links(endpoint))
        context["page_title"] = context["header_title"] = "Webhook endpoint created"
        context["breadcrumbs_items"] = [
            *self.breadcrumbs_items,
            {"url": reverse(f"{ENDPOINTS}:index"), "label": "Webhooks"},
            {"url": "", "label": "Webhook endpoint created"},
        ]
        return secret_page(self.request, self.created_template_name, context)


def add_service_error(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        form.add_error(None, error)
    elif getattr(error, "code", None) == "invalid_event_types":
        form.add_error("event_types", error)
    else:
        form.add_error("url", error)


def endpoint_links(endpoint: WebhookEndpoint) -> dict[str, str]:
    return {
        "edit_url": reverse(f"{ENDPOINTS}:edit", args=(endpoint.pk,)),
        "index_url": reverse(f"{ENDPOINTS}:index"),
        "rotate_url": reverse(f"{ENDPOINTS}:rotate_secret", args=(endpoint.pk,)),
        "test_url": reverse(f"{ENDPOINTS}:send_test", args=(endpoint.pk,)),
        "clear_flag_url": reverse(f"{ENDPOINTS}:clear_flag", args=(endpoint.pk,)),
        "deliveries_url": deliveries_of(endpoint),
    }


class EndpointEditView(AdministratorsOnly, EditView):
    """Address (checked again when it changes), description, event types, on or off; the secret
    is never shown (a new one: "Rotate secret"). Switching off stops the pending deliveries."""

    template_name = "webhooks/endpoint_edit.html"

    def get_queryset(self):
        return WebhookEndpoint.objects.select_related("client__clinic")

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton("Rotate secret", url=endpoint_links(self.object)["rotate_url"], icon_name="key"),
            HeaderButton("Deliveries", url=deliveries_of(self.object), icon_name="resubmit"),
        ]

    def save_instance(self):
        switched_off = "active" in self.form.changed_data and not self.form.cleaned_data["active"]
        endpoint = super().save_instance()
        self.stopped = services.deactivate_endpoint(endpoint=endpoint) if switched_off else 0
        return endpoint

    def get_success_message(self):
        message = f"The webhook endpoint {self.object.url} was saved."
        if self.stopped:
            message += f" {self.stopped} pending {'delivery' if self.stopped == 1 else 'deliveries'} stopped."
        return message

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        endpoint = self.object
        until = endpoint.previous_secret_expires_at
        context.update(
            endpoint=endpoint,
            clinic=clinic_text(endpoint),
            previous_secret_until=until
            if endpoint.encrypted_previous_secret and until and until > timezone.now()
            else None,
            **endpoint_links(endpoint),
        )
        return context


class EndpointDeleteView(AdministratorsOnly, DeleteView):
    @property
    def confirmation_message(self):
        count = self.object.deliveries.count()
        deliveries = (
            f" Its {count} {'delivery' if count == 1 else 'deliveries'} and their attempts go with it." if count else ""
        )
        return (
            f"Delete the webhook endpoint {self.object.url} of {self.object.client}? Nothing more is sent "
            f"to this address, and its secret is gone for good.{deliveries}"
        )


class EndpointHistoryView(AdministratorsOnly, HistoryView):
    pass


class EndpointUsageView(AdministratorsOnly, UsageView):
    pass


class EndpointActionMixin(AdministratorsOnly, WagtailAdminTemplateMixin):
    """One endpoint's action pages (the endpoint looked up after the permission check)."""

    header_icon = "link-external"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not self.refused:
            self.endpoint = get_object_or_404(WebhookEndpoint.objects.select_related("client__clinic"), pk=kwargs["pk"])

    def get_page_subtitle(self):
        return self.endpoint.url

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{ENDPOINTS}:index"), "label": "Webhooks"},
            {"url": reverse(f"{ENDPOINTS}:edit", args=(self.endpoint.pk,)), "label": self.endpoint.url},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(endpoint=self.endpoint, clinic=clinic_text(self.endpoint), **endpoint_links(self.endpoint))
        return context

    def back(self):
        return redirect(get_valid_next_url_from_request(self.request) or endpoint_links(self.endpoint)["edit_url"])


class RotateSecretView(EndpointActionMixin, TemplateView):
    """GET asks for confirmation and changes nothing; POST makes a new secret and shows it once."""

    template_name = "webhooks/rotate_secret.html"
    rotated_template_name = "webhooks/secret_rotated.html"
    page_title = "Rotate secret"
    http_method_names = ["get", "post", "head", "options"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["overlap_hours"] = f"{float(settings.WEBHOOK_SECRET_OVERLAP_HOURS):g}"
        context["previous_still_signing"] = bool(
            self.endpoint.encrypted_previous_secret
            and self.endpoint.previous_secret_expires_at
            and self.endpoint.previous_secret_expires_at > timezone.now()
        )
        return context

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            secret = services.rotate_secret(endpoint=self.endpoint)
            until = self.endpoint.previous_secret_expires_at
            log(
                self.endpoint,
                LOG_SECRET_ROTATED,
                user=request.user,
                data={"previous_signs_until": until.isoformat() if until else None},
            )
        messages.success(request, f"The signing secret of {self.endpoint.url} was rotated.")
        context = self.get_context_data(secret=secret, previous_signs_until=until)
        context["page_title"] = context["header_title"] = "Secret rotated"
        context["breadcrumbs_items"] = [*context["breadcrumbs_items"][:-1], {"url": "", "label": "Secret rotated"}]
        return secret_page(request, self.rotated_template_name, context)


class SendTestEventView(EndpointActionMixin, View):
    """POST only: queue a ``webhook.test`` event to the endpoint, and say where to watch it."""

    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                delivery = services.send_test_event(endpoint=self.endpoint)
                log(
                    self.endpoint,
                    LOG_TEST_EVENT_SENT,
                    user=request.user,
                    data={"delivery": delivery.pk, "message_id": delivery.message_id},
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.back()
        messages.success(
            request,
            f"A test event to {self.endpoint.url} is queued ({delivery.message_id}); the worker sends it in a moment.",
            buttons=[messages.button(reverse(f"{DELIVERIES}:detail", args=(delivery.pk,)), "See the delivery")],
        )
        return self.back()


class ClearFlagView(EndpointActionMixin, View):
    """POST only: the administrator saw the flag and dealt with it."""

    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        if self.endpoint.flagged_at is None:
            messages.warning(request, f"The endpoint {self.endpoint.url} was not flagged.")
            return self.back()
        reason = self.endpoint.flag_reason
        with transaction.atomic():
            services.unflag_endpoint(endpoint=self.endpoint)
            log(self.endpoint, LOG_FLAG_CLEARED, user=request.user, data={"reason": reason[:500]})
        messages.success(request, f"The flag on {self.endpoint.url} was cleared.")
        return self.back()


# Deliveries ------------------------------------------------------------------------------------


class EndpointChoiceField(FilterModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.url} ({obj.client.name})"


class EndpointFilter(ModelChoiceFilter):
    field_class = EndpointChoiceField


def event_type_choices() -> list[tuple[str, str]]:
    return [
        *((name, name) for name, _description in EVENT_TYPES),
        (services.TEST_EVENT, f"{services.TEST_EVENT} (test event)"),
        (PURGE_EVENT, f"{PURGE_EVENT} (CDN purge)"),
    ]


class DeliveryFilterSet(WagtailFilterSet):
    clinic = ModelChoiceFilter(queryset=Clinic.objects.order_by("name"), label="Clinic")
    endpoint = EndpointFilter(
        queryset=WebhookEndpoint.objects.select_related("client").order_by("url"), label="Endpoint"
    )
    destination = ChoiceFilter(choices=Delivery.DESTINATIONS, widget=RadioSelect, empty_label="All")
    status = ChoiceFilter(choices=Delivery.STATUSES, label="Status", widget=RadioSelect, empty_label="All")
    event_type = ChoiceFilter(choices=event_type_choices, label="Event type")

    class Meta:
        model = Delivery
        fields = ["clinic", "endpoint", "destination", "status", "event_type"]


class StatusColumn(Column):
    cell_template_name = "webhooks/cells/delivery_status.html"


class DeliveryLinkColumn(Column):
    """When the delivery was made, as the link to its detail (a plain cell: rows stay one line high)."""

    cell_template_name = "webhooks/cells/delivery_link.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = reverse(f"{DELIVERIES}:detail", args=(instance.pk,))
        context["value"] = date_format(timezone.localtime(instance.created_at), "j M Y, H:i:s")
        return context


class NextAttemptColumn(Column):
    cell_template_name = "webhooks/cells/next_attempt.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        if instance.status == Delivery.PENDING:
            context.update(relative=next_attempt_text(instance), absolute=when(instance.next_attempt_at))
        return context


def next_attempt_text(delivery: Delivery) -> str:
    """ "due now", or "in 28 minutes" (Wagtail's human-readable dates only look back)."""
    if delivery.next_attempt_at <= timezone.now():
        return "due now"
    return f"in {timeuntil(delivery.next_attempt_at, depth=1)}"


DELIVERY_COLUMNS = [
    DeliveryLinkColumn("created_at", label="Created"),
    Column("event_type", label="Event type"),
    Column("clinic", label="Clinic", accessor="clinic.name"),
    Column("destination", label="Destination", accessor=destination_text),
    StatusColumn("status", label="Status"),
    Column("attempts", label="Attempts"),
    Column("last_status_code", label="Last status code"),
    NextAttemptColumn("next_attempt_at", label="Next attempt"),
]


class DeliveryIndexView(AdministratorsOnly, IndexView):
    """Every delivery, newest first, filtered by clinic, endpoint, destination, status and event type."""

    model = Delivery
    page_title = "Webhook deliveries"
    header_icon = "resubmit"
    paginate_by = 50
    filterset_class = DeliveryFilterSet
    columns = DELIVERY_COLUMNS
    index_url_name = f"{DELIVERIES}:index"
    index_results_url_name = f"{DELIVERIES}:index_results"

    def get_base_queryset(self) -> QuerySet[Delivery]:
        return Delivery.objects.select_related("endpoint", "clinic").order_by("-pk")


class DeliveryDetailView(AdministratorsOnly, WagtailAdminTemplateMixin, TemplateView):
    """One delivery: its payload, its webhook-id, every attempt (what the receiver answered is
    untrusted text: the template escapes it), the other deliveries of the same message, and
    "Redeliver"."""

    template_name = "webhooks/delivery_detail.html"
    header_icon = "resubmit"
    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        self.delivery = get_object_or_404(
            Delivery.objects.select_related("endpoint__client", "clinic", "change"), pk=kwargs["pk"]
        )
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return f"Delivery {self.delivery.pk}"

    def get_page_subtitle(self):
        return f"{self.delivery.event_type} to {destination_text(self.delivery)}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{DELIVERIES}:index"), "label": "Webhook deliveries"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        delivery = self.delivery
        context.update(
            delivery=delivery,
            destination=destination_text(delivery),
            payload=json.dumps(delivery.payload, indent=2, ensure_ascii=False, sort_keys=True),
            attempts=DeliveryAttempt.objects.filter(delivery=delivery).order_by("started_at", "pk"),
            same_message=(
                Delivery.objects.filter(message_id=delivery.message_id).exclude(pk=delivery.pk).order_by("-pk")[:20]
            ),
            redeliver_url=reverse(f"{DELIVERIES}:redeliver", args=(delivery.pk,)),
            endpoint_url=(reverse(f"{ENDPOINTS}:edit", args=(delivery.endpoint_id,)) if delivery.endpoint_id else None),
            next_attempt=next_attempt_text(delivery) if delivery.status == Delivery.PENDING else "",
            can_send=delivery.endpoint is None or (delivery.endpoint.active and delivery.endpoint.client.is_active),
        )
        return context


class RedeliverView(AdministratorsOnly, View):
    """POST only: send the same message again (``services.redeliver``), then show that delivery."""

    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        delivery = get_object_or_404(Delivery.objects.select_related("endpoint__client"), pk=kwargs["pk"])
        try:
            with transaction.atomic():
                again = services.redeliver(delivery=delivery)
                log(
                    delivery.endpoint or again,
                    LOG_REDELIVERED,
                    user=request.user,
                    data={
                        "delivery": delivery.pk,
                        "new_delivery": again.pk,
                        "message_id": again.message_id,
                        "event_type": again.event_type,
                    },
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(f"{DELIVERIES}:detail", pk=delivery.pk)
        if again.pk == delivery.pk:
            messages.success(request, f"Delivery {delivery.pk} was still pending: it is attempted now.")
        else:
            messages.success(
                request,
                f"Delivery {delivery.pk} is sent again as delivery {again.pk} (same webhook-id {again.message_id}); "
                "the worker attempts it in a moment.",
            )
        return redirect(f"{DELIVERIES}:detail", pk=again.pk)


# The dashboard and the audit log ---------------------------------------------------------------


def flagged_summary(*, limit: int = 10) -> tuple[list[WebhookEndpoint], int]:
    """The most recently flagged endpoints (at most ``limit``) and how many are flagged in all."""
    flagged = services.flagged_endpoints().select_related("client__clinic")
    endpoints = list(flagged[:limit])
    total = len(endpoints) if len(endpoints) < limit else flagged.aggregate(total=Count("pk"))["total"]
    return endpoints, total


class SecretRotatedFormatter(LogFormatter):
    label = "Webhook secret rotated"

    def format_message(self, log_entry):
        until = parse_datetime(log_entry.data.get("previous_signs_until") or "")
        if until is None:
            return "Signing secret rotated"
        return f"Signing secret rotated; the previous one also signs until {when(until)}"


class TestEventFormatter(LogFormatter):
    label = "Webhook test event sent"

    def format_message(self, log_entry):
        return f"Test event queued ({log_entry.data.get('message_id', '')}, delivery {log_entry.data.get('delivery')})"


class RedeliveredFormatter(LogFormatter):
    label = "Webhook redelivered"

    def format_message(self, log_entry):
        data = log_entry.data
        return (
            f"Redelivered {data.get('event_type', '')} {data.get('message_id', '')}: "
            f"delivery {data.get('delivery')} sent again as {data.get('new_delivery')}"
        )


class FlagClearedFormatter(LogFormatter):
    label = "Webhook flag cleared"
    message = "Flag cleared (the failing deliveries were dealt with)"
