"""Admin registration of webhooks, in the Settings menu beside front-end clients: "Webhooks" (the
endpoints, with their secret, test event and flag actions) and "Webhook deliveries" (every
delivery and attempt, with Redeliver); a panel on the administrators' home listing flagged
endpoints; and the audit log's names for what is done to them. Views: ``webhooks.admin_views``.
"""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from .admin_views import (
    DELIVERIES,
    ENDPOINT_COLUMNS,
    ENDPOINTS,
    LOG_FLAG_CLEARED,
    LOG_REDELIVERED,
    LOG_SECRET_ROTATED,
    LOG_TEST_EVENT_SENT,
    ClearFlagView,
    DeliveryDetailView,
    DeliveryIndexView,
    EndpointCreateView,
    EndpointDeleteView,
    EndpointEditView,
    EndpointFilterSet,
    EndpointHistoryView,
    EndpointIndexView,
    EndpointUsageView,
    FlagClearedFormatter,
    RedeliveredFormatter,
    RedeliverView,
    RotateSecretView,
    SecretRotatedFormatter,
    SendTestEventView,
    TestEventFormatter,
    WebhookAdministrators,
    flagged_summary,
    is_webhook_administrator,
)
from .forms import EndpointCreateForm, EndpointEditForm
from .models import Delivery, WebhookEndpoint

# Before anything asks for these models' policies (Wagtail would make a fallback one).
register_permission_policy(WebhookEndpoint, WebhookAdministrators(WebhookEndpoint))
register_permission_policy(Delivery, WebhookAdministrators(Delivery))


class EndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = "Webhooks"
    add_to_settings_menu = True
    url_prefix = "webhooks"
    add_to_reference_index = False  # nothing in the content refers to an endpoint
    copy_view_enabled = False  # a copy would need a secret of its own: register a new endpoint
    index_view_class = EndpointIndexView
    add_view_class = EndpointCreateView
    edit_view_class = EndpointEditView
    delete_view_class = EndpointDeleteView
    history_view_class = EndpointHistoryView
    usage_view_class = EndpointUsageView
    list_display = ENDPOINT_COLUMNS
    filterset_class = EndpointFilterSet
    list_per_page = 50

    def get_form_class(self, for_update=False):
        return EndpointEditForm if for_update else EndpointCreateForm

    def get_permissions_to_register(self):
        return Permission.objects.none()  # administrators of front-end clients administer webhooks

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/rotate-secret/", RotateSecretView.as_view(), name="rotate_secret"),
            path("<int:pk>/send-test-event/", SendTestEventView.as_view(), name="send_test"),
            path("<int:pk>/clear-flag/", ClearFlagView.as_view(), name="clear_flag"),
        ]


class AdministratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_webhook_administrator(request.user)


class DeliveryViewSet(ViewSet):
    icon = "resubmit"
    menu_label = "Webhook deliveries"
    add_to_settings_menu = True
    url_prefix = "webhook-deliveries"
    menu_item_class = AdministratorsMenuItem

    def get_urlpatterns(self):
        return [
            path("", DeliveryIndexView.as_view(), name="index"),
            path("results/", DeliveryIndexView.as_view(results_only=True), name="index_results"),
            path("<int:pk>/", DeliveryDetailView.as_view(), name="detail"),
            path("<int:pk>/redeliver/", RedeliverView.as_view(), name="redeliver"),
        ]


endpoint_viewset = EndpointViewSet(ENDPOINTS)
delivery_viewset = DeliveryViewSet(DELIVERIES)


@hooks.register("register_admin_viewset")
def register_webhook_viewsets():
    return [endpoint_viewset, delivery_viewset]


class FlaggedEndpointsPanel(Component):
    """On an administrator's home, while any endpoint is flagged: which, why, and the way to it."""

    name = "flagged_webhook_endpoints"
    template_name = "webhooks/home_flagged_panel.html"
    order = 30

    def __init__(self, endpoints, total):
        self.endpoints, self.total = endpoints, total

    def get_context_data(self, parent_context):
        return {
            "endpoints": [
                {
                    "endpoint": endpoint,
                    "edit_url": reverse(f"{ENDPOINTS}:edit", args=(endpoint.pk,)),
                    "deliveries_url": f"{reverse(f'{DELIVERIES}:index')}?endpoint={endpoint.pk}",
                }
                for endpoint in self.endpoints
            ],
            "total": self.total,
            "all_url": f"{reverse(f'{ENDPOINTS}:index')}?flagged=true",
        }


@hooks.register("construct_homepage_panels")
def add_flagged_endpoints_panel(request, panels):
    if is_webhook_administrator(request.user):
        endpoints, total = flagged_summary()
        if endpoints:
            panels.insert(0, FlaggedEndpointsPanel(endpoints, total))


@hooks.register("register_log_actions")
def register_webhook_log_actions(actions):
    actions.register_action(LOG_SECRET_ROTATED)(SecretRotatedFormatter)
    actions.register_action(LOG_TEST_EVENT_SENT)(TestEventFormatter)
    actions.register_action(LOG_REDELIVERED)(RedeliveredFormatter)
    actions.register_action(LOG_FLAG_CLEARED)(FlagClearedFormatter)
