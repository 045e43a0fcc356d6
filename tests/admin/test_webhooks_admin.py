"""The admin of webhooks, through the admin as an administrator uses it: endpoints (a secret shown
once, rotation, refused addresses as form errors), deliveries (filters, the detail of attempts
with the receiver's answer escaped, redeliver), flagged endpoints, and who may see any of it."""

import datetime
import json
import socket

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from api.models import FrontEndClient
from changes.models import ARTICLE_PUBLISHED, CONTACT_CHANGED
from clinics.models import Clinic
from webhooks import services
from webhooks.admin_views import LOG_FLAG_CLEARED, LOG_REDELIVERED, LOG_SECRET_ROTATED, LOG_TEST_EVENT_SENT
from webhooks.models import Delivery, DeliveryAttempt, WebhookEndpoint
from webhooks.secrets import SECRET_PREFIX, decrypt_secret

pytestmark = pytest.mark.django_db

PUBLIC_ADDRESS = "93.184.215.14"
PRIVATE_NAME = "intranet.phoenix.example.com"
INDEX = reverse("webhook_endpoints:index")
ADD = reverse("webhook_endpoints:add")
DELIVERIES = reverse("webhook_deliveries:index")


@pytest.fixture(autouse=True)
def dns(monkeypatch):
    """Every *.example.com name resolves to a public address, except one that resolves to a
    private one; other names go to the real resolver (this machine's names only, in CI)."""
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if isinstance(host, str) and host.endswith("example.com"):
            address = "10.20.30.40" if host == PRIVATE_NAME else PUBLIC_ADDRESS
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 443))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
def phoenix_client(db) -> FrontEndClient:
    return FrontEndClient.objects.create(name="Phoenix website", clinic=Clinic.objects.get(slug="phoenix"))


@pytest.fixture
def endpoint(phoenix_client) -> WebhookEndpoint:
    endpoint, _secret = services.create_endpoint(
        client=phoenix_client, url="https://hooks.example.com/content", description="Phoenix site"
    )
    return endpoint


def url_of(name: str, *args) -> str:
    return reverse(name, args=args)


def delivery_for(endpoint: WebhookEndpoint | None, **fields) -> Delivery:
    fields.setdefault("clinic", endpoint.client.clinic if endpoint else None)
    fields.setdefault("event_type", ARTICLE_PUBLISHED)
    fields.setdefault("message_id", f"msg_test_{Delivery.objects.count() + 1}")
    fields.setdefault("payload", {"type": fields["event_type"], "data": {}})
    return Delivery.objects.create(endpoint=endpoint, **fields)


def logged_in(username: str, **kwargs) -> Client:
    client = Client(raise_request_exception=False, **kwargs)
    client.force_login(get_user_model().objects.get(username=username))
    return client


def form_errors(response) -> dict:
    form = response.context["form"]
    return {name: " ".join(errors) for name, errors in form.errors.items()}


# Creating an endpoint: the secret once ---------------------------------------------------------


def test_creating_an_endpoint_shows_its_secret_once_and_keeps_it_encrypted(admin_client, phoenix_client):
    assert admin_client.get(ADD).status_code == 200
    response = admin_client.post(
        ADD,
        {
            "client": phoenix_client.pk,
            "url": "https://hooks.example.com/content",
            "description": "Phoenix site",
            "event_types": [ARTICLE_PUBLISHED, CONTACT_CHANGED],
        },
    )
    assert response.status_code == 200, response.content[:500]
    endpoint = WebhookEndpoint.objects.get(client=phoenix_client)
    page = response.content.decode()
    secret = page.split('id="webhook-secret-value"')[1].split('value="')[1].split('"')[0]
    assert secret.startswith(SECRET_PREFIX) and len(secret) > 40
    assert "it will not be shown again" in page and "README's Webhooks section" in page
    assert "no-store" in response["Cache-Control"]
    assert endpoint.event_types == [ARTICLE_PUBLISHED, CONTACT_CHANGED]
    assert endpoint.url == "https://hooks.example.com/content"

    # Kept encrypted only, and readable by the sender.
    assert secret not in endpoint.encrypted_secret
    assert secret.removeprefix(SECRET_PREFIX) not in endpoint.encrypted_secret
    assert decrypt_secret(encrypted=endpoint.encrypted_secret) == secret

    # Never again: not in the next pages (nor their messages), nor the audit log.
    for url in (
        INDEX,
        ADD,
        url_of("webhook_endpoints:edit", endpoint.pk),
        url_of("webhook_endpoints:rotate_secret", endpoint.pk),
        url_of("webhook_endpoints:history", endpoint.pk),
        DELIVERIES,
        reverse("wagtailadmin_home"),
    ):
        again = admin_client.get(url)
        assert again.status_code == 200, url
        assert secret not in again.content.decode(), url
        assert SECRET_PREFIX not in again.content.decode(), url
    entry = ModelLogEntry.objects.get(action="wagtail.create", object_id=str(endpoint.pk))
    assert secret not in json.dumps(entry.data)


def test_the_client_button_of_a_front_end_client_fills_in_the_client(admin_client, phoenix_client):
    response = admin_client.get(f"{ADD}?client={phoenix_client.pk}")
    assert response.context["form"].initial["client"] == phoenix_client.pk
    assert admin_client.get(f"{ADD}?client=nonsense").status_code == 200


def test_an_endpoint_refused_by_the_service_at_save_time_is_a_form_error(admin_client, phoenix_client, monkeypatch):
    """The host resolved to a public address when the form checked it, and to a private one
    when the service checked it again: still a form error, and nothing saved."""
    from django.core.exceptions import ValidationError

    def refuse(**kwargs):
        raise ValidationError("hooks.example.com resolves to 10.0.0.5, a private network address.", code="unsafe")

    monkeypatch.setattr(services, "create_endpoint", refuse)
    response = admin_client.post(ADD, {"client": phoenix_client.pk, "url": "https://hooks.example.com/content"})
    assert response.status_code == 200
    assert "private network address" in form_errors(response)["url"]
    assert not WebhookEndpoint.objects.filter(client=phoenix_client).exists()


# Refused addresses: form errors with the reason, never a 500 ------------------------------------

REFUSED = [
    pytest.param("not a url at all", "spaces", id="garbage"),
    pytest.param("hooks.example.com/content", "https://", id="no-scheme"),
    pytest.param("https://", "no host", id="no-host"),
    pytest.param("javascript:alert(1)", "https://", id="javascript"),
    pytest.param("https://10.0.0.1/hook", "private network", id="private-literal"),
    pytest.param("https://169.254.169.254/latest/meta-data/", "link-local", id="metadata-service"),
    pytest.param("https://[::ffff:10.0.0.1]/hook", "IPv6 form", id="ipv4-mapped"),
    pytest.param(f"https://{PRIVATE_NAME}/hook", "resolves to 10.20.30.40", id="name-resolving-private"),
    pytest.param("https://user:password@hooks.example.com/", "user name and password", id="credentials"),
    pytest.param("https://hooks.example.com:22/", "Port 22", id="low-port"),
    pytest.param("https://hooks.example.com:99999/", "port", id="bad-port"),
    pytest.param("https://" + "a" * 600 + ".example.com/", "500", id="too-long"),
    pytest.param("https://nowhere.invalid/hook", "does not resolve", id="unknown-host"),
]


@pytest.mark.parametrize(("url", "reason"), REFUSED)
def test_a_refused_address_is_a_form_error_on_create(admin_client, phoenix_client, url, reason):
    response = admin_client.post(ADD, {"client": phoenix_client.pk, "url": url})
    assert response.status_code == 200
    assert reason.lower() in form_errors(response)["url"].lower()
    assert not WebhookEndpoint.objects.filter(client=phoenix_client).exists()


@override_settings(WEBHOOK_ALLOW_LOOPBACK=False)
@pytest.mark.parametrize(
    ("url", "reason"),
    [
        pytest.param("http://hooks.example.com/content", "https://", id="http"),
        pytest.param("https://127.0.0.1:8443/hook", "loopback", id="loopback"),
        pytest.param("https://localhost:8443/hook", "loopback", id="localhost"),
    ],
)
def test_in_production_http_and_this_machine_are_refused(admin_client, phoenix_client, url, reason):
    response = admin_client.post(ADD, {"client": phoenix_client.pk, "url": url})
    assert response.status_code == 200
    assert reason in form_errors(response)["url"]
    assert not WebhookEndpoint.objects.filter(client=phoenix_client).exists()


@pytest.mark.parametrize(("url", "reason"), REFUSED[:8])
def test_a_refused_address_is_a_form_error_on_edit(admin_client, endpoint, url, reason):
    response = admin_client.post(url_of("webhook_endpoints:edit", endpoint.pk), {"url": url, "active": "on"})
    assert response.status_code == 200
    assert reason.lower() in form_errors(response)["url"].lower()
    endpoint.refresh_from_db()
    assert endpoint.url == "https://hooks.example.com/content"


def test_unknown_event_types_and_clients_are_form_errors(admin_client, phoenix_client):
    response = admin_client.post(
        ADD, {"client": "999999", "url": "https://hooks.example.com/x", "event_types": ["article.nonsense"]}
    )
    assert response.status_code == 200
    errors = form_errors(response)
    assert "client" in errors and "event_types" in errors
    assert not WebhookEndpoint.objects.filter(url__endswith="/x").exists()


# Editing, rotating, testing, deleting ----------------------------------------------------------


def test_edit_never_shows_the_secret_and_switching_off_stops_pending_deliveries(admin_client, endpoint):
    secret = decrypt_secret(encrypted=endpoint.encrypted_secret)
    edit = url_of("webhook_endpoints:edit", endpoint.pk)
    page = admin_client.get(edit)
    assert page.status_code == 200
    assert secret not in page.content.decode() and endpoint.encrypted_secret not in page.content.decode()
    pending = delivery_for(endpoint)
    response = admin_client.post(edit, {"url": endpoint.url, "description": "Off for now", "event_types": []})
    assert response.status_code == 302
    endpoint.refresh_from_db()
    pending.refresh_from_db()
    assert not endpoint.active and endpoint.description == "Off for now"
    assert pending.status == Delivery.STOPPED


def test_an_unchanged_address_whose_host_went_away_can_still_be_switched_off(admin_client, endpoint, monkeypatch):
    def gone(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", gone)
    edit = url_of("webhook_endpoints:edit", endpoint.pk)
    assert admin_client.post(edit, {"url": endpoint.url}).status_code == 302
    endpoint.refresh_from_db()
    assert not endpoint.active
    # Switching it on again checks the address again.
    response = admin_client.post(edit, {"url": endpoint.url, "active": "on"})
    assert "does not resolve" in form_errors(response)["url"]


def test_rotating_asks_first_then_shows_the_new_secret_once(admin_client, endpoint):
    old_secret = decrypt_secret(encrypted=endpoint.encrypted_secret)
    rotate = url_of("webhook_endpoints:rotate_secret", endpoint.pk)
    confirm = admin_client.get(rotate)
    assert confirm.status_code == 200 and "Yes, rotate the secret" in confirm.content.decode()
    endpoint.refresh_from_db()
    assert decrypt_secret(encrypted=endpoint.encrypted_secret) == old_secret  # GET changed nothing

    response = admin_client.post(rotate)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    endpoint.refresh_from_db()
    new_secret = decrypt_secret(encrypted=endpoint.encrypted_secret)
    assert new_secret != old_secret
    page = response.content.decode()
    assert new_secret in page and old_secret not in page
    assert "The previous secret also signs until" in page
    assert decrypt_secret(encrypted=endpoint.encrypted_previous_secret) == old_secret
    overlap = endpoint.previous_secret_expires_at - timezone.now()
    assert datetime.timedelta(hours=23) < overlap <= datetime.timedelta(hours=24)

    entry = ModelLogEntry.objects.get(action=LOG_SECRET_ROTATED, object_id=str(endpoint.pk))
    assert new_secret not in json.dumps(entry.data) and old_secret not in json.dumps(entry.data)
    for url in (url_of("webhook_endpoints:edit", endpoint.pk), url_of("webhook_endpoints:history", endpoint.pk)):
        again = admin_client.get(url).content.decode()
        assert new_secret not in again and SECRET_PREFIX not in again
    assert (
        "previous one also signs until"
        in admin_client.get(url_of("webhook_endpoints:history", endpoint.pk)).content.decode()
    )


def test_send_test_event_queues_a_pending_delivery_and_links_to_it(admin_client, endpoint):
    response = admin_client.post(url_of("webhook_endpoints:send_test", endpoint.pk), follow=True)
    assert response.status_code == 200
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert delivery.status == Delivery.PENDING and delivery.event_type == services.TEST_EVENT
    page = response.content.decode()
    assert "is queued" in page and url_of("webhook_deliveries:detail", delivery.pk) in page
    assert ModelLogEntry.objects.filter(action=LOG_TEST_EVENT_SENT, object_id=str(endpoint.pk)).exists()


def test_send_test_event_to_a_switched_off_endpoint_says_why(admin_client, endpoint):
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)
    response = admin_client.post(url_of("webhook_endpoints:send_test", endpoint.pk), follow=True)
    assert response.status_code == 200
    assert "activate it first" in response.content.decode()
    assert not Delivery.objects.filter(endpoint=endpoint).exists()


def test_delete_asks_first_and_is_logged(admin_client, endpoint):
    delivery_for(endpoint)
    delete = url_of("webhook_endpoints:delete", endpoint.pk)
    confirm = admin_client.get(delete)
    assert confirm.status_code == 200 and "Its 1 delivery and their attempts go with it" in confirm.content.decode()
    assert WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()
    assert admin_client.post(delete).status_code == 302
    assert not WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()
    assert ModelLogEntry.objects.filter(action="wagtail.delete", object_id=str(endpoint.pk)).exists()


# Flagged endpoints -----------------------------------------------------------------------------


def flag(endpoint: WebhookEndpoint, reason: str = "Stopped at attempt 1: the receiver answered 410.") -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(flagged_at=timezone.now(), flag_reason=reason)


def test_a_flagged_endpoint_shows_on_the_list_and_the_administrators_home(admin_client, endpoint):
    flag(endpoint)
    listing = admin_client.get(INDEX).content.decode()
    assert "Flagged" in listing and "the receiver answered 410" in listing
    home = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "data-flagged-count" in home and url_of("webhook_endpoints:edit", endpoint.pk) in home
    only_flagged = admin_client.get(f"{INDEX}?flagged=true").content.decode()
    assert endpoint.url in only_flagged
    assert endpoint.url not in admin_client.get(f"{INDEX}?flagged=false").content.decode()
    assert "data-flagged-count" not in logged_in("editor").get(reverse("wagtailadmin_home")).content.decode()


def test_no_panel_while_nothing_is_flagged(admin_client, endpoint):
    assert "data-flagged-count" not in admin_client.get(reverse("wagtailadmin_home")).content.decode()


def test_clearing_a_flag(admin_client, endpoint):
    flag(endpoint)
    response = admin_client.post(url_of("webhook_endpoints:clear_flag", endpoint.pk), {"next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    endpoint.refresh_from_db()
    assert endpoint.flagged_at is None and endpoint.flag_reason == ""
    assert ModelLogEntry.objects.filter(action=LOG_FLAG_CLEARED, object_id=str(endpoint.pk)).exists()
    outside = admin_client.post(
        url_of("webhook_endpoints:clear_flag", endpoint.pk), {"next": "https://evil.example.com/"}
    )
    assert outside["Location"] == url_of("webhook_endpoints:edit", endpoint.pk)


# Deliveries ------------------------------------------------------------------------------------


def rows_of(response) -> set[int]:
    page = response.content.decode()
    return {
        delivery.pk
        for delivery in Delivery.objects.all()
        if f'href="{url_of("webhook_deliveries:detail", delivery.pk)}"' in page
    }


def test_the_deliveries_list_filters(admin_client, endpoint):
    peoria_client = FrontEndClient.objects.create(name="Peoria website", clinic=Clinic.objects.get(slug="peoria"))
    peoria, _secret = services.create_endpoint(client=peoria_client, url="https://peoria.example.com/hooks")
    Delivery.objects.all().delete()
    published = delivery_for(endpoint, status=Delivery.DELIVERED, attempts=1, last_status_code=204)
    contact = delivery_for(endpoint, event_type=CONTACT_CHANGED, status=Delivery.GIVEN_UP, attempts=8)
    at_peoria = delivery_for(peoria, status=Delivery.PENDING)
    purge = delivery_for(None, destination=Delivery.FASTLY, event_type="cdn.purge", payload={"keys": ["a"]})

    response = admin_client.get(DELIVERIES)
    assert response.status_code == 200
    assert rows_of(response) == {published.pk, contact.pk, at_peoria.pk, purge.pk}
    page = response.content.decode()
    assert page.index(url_of("webhook_deliveries:detail", purge.pk)) < page.index(
        url_of("webhook_deliveries:detail", published.pk)
    ), "newest first"
    phoenix = Clinic.objects.get(slug="phoenix")
    for query, expected in [
        (f"clinic={phoenix.pk}", {published.pk, contact.pk}),
        (f"endpoint={peoria.pk}", {at_peoria.pk}),
        ("destination=fastly", {purge.pk}),
        ("destination=webhook", {published.pk, contact.pk, at_peoria.pk}),
        ("status=given_up", {contact.pk}),
        ("status=pending", {at_peoria.pk, purge.pk}),
        (f"event_type={CONTACT_CHANGED}", {contact.pk}),
        (f"clinic={phoenix.pk}&status=delivered", {published.pk}),
    ]:
        filtered = admin_client.get(f"{DELIVERIES}?{query}")
        assert filtered.status_code == 200, query
        assert rows_of(filtered) == expected, query
        results = admin_client.get(f"{reverse('webhook_deliveries:index_results')}?{query}")
        assert rows_of(results) == expected, query


@pytest.mark.parametrize(
    "query", ["status=nonsense", "clinic=abc", "endpoint=999999", "event_type=<script>", "p=9999", "p=abc"]
)
def test_bad_filters_are_no_server_error(admin_client, query):
    response = admin_client.get(f"{DELIVERIES}?{query}")
    assert response.status_code in {200, 404}


def test_the_detail_shows_every_attempt_escaped(admin_client, endpoint):
    hostile = "<script>alert('receiver')</script>"
    delivery = delivery_for(
        endpoint,
        status=Delivery.GIVEN_UP,
        attempts=2,
        last_status_code=500,
        payload={"type": ARTICLE_PUBLISHED, "data": {"title": "<img src=x onerror=alert(1)>"}},
    )
    DeliveryAttempt.objects.create(
        delivery=delivery, duration_ms=120, status_code=503, response_excerpt=hostile, outcome=DeliveryAttempt.RETRY
    )
    DeliveryAttempt.objects.create(
        delivery=delivery,
        duration_ms=10_000,
        error="Timed out <b>after</b> 10 s",
        outcome=DeliveryAttempt.GIVEN_UP,
    )
    response = admin_client.get(url_of("webhook_deliveries:detail", delivery.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert hostile not in page and "&lt;script&gt;alert(&#x27;receiver&#x27;)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>after</b>" not in page and "Timed out &lt;b&gt;after&lt;/b&gt; 10 s" in page
    assert delivery.message_id in page and "10000 ms" in page and "503" in page
    assert "&quot;title&quot;: &quot;&lt;img" in page  # pretty JSON


def test_redeliver_queues_the_same_message_again(admin_client, endpoint):
    failed = delivery_for(endpoint, status=Delivery.GIVEN_UP, attempts=8, last_status_code=500)
    response = admin_client.post(url_of("webhook_deliveries:redeliver", failed.pk))
    again = Delivery.objects.exclude(pk=failed.pk).get(message_id=failed.message_id)
    assert response.status_code == 302 and response["Location"] == url_of("webhook_deliveries:detail", again.pk)
    assert again.status == Delivery.PENDING and again.attempts == 0 and again.payload == failed.payload
    failed.refresh_from_db()
    assert failed.status == Delivery.GIVEN_UP  # its history stays
    entry = ModelLogEntry.objects.get(action=LOG_REDELIVERED, object_id=str(endpoint.pk))
    assert entry.data["new_delivery"] == again.pk
    detail = admin_client.get(response["Location"]).content.decode()
    assert "is sent again" in detail and url_of("webhook_deliveries:detail", failed.pk) in detail


def test_redeliver_of_a_pending_delivery_attempts_it_now(admin_client, endpoint):
    later = timezone.now() + datetime.timedelta(hours=2)
    pending = delivery_for(endpoint, status=Delivery.PENDING, attempts=3, next_attempt_at=later)
    response = admin_client.post(url_of("webhook_deliveries:redeliver", pending.pk))
    assert response["Location"] == url_of("webhook_deliveries:detail", pending.pk)
    pending.refresh_from_db()
    assert pending.next_attempt_at <= timezone.now()
    assert Delivery.objects.filter(message_id=pending.message_id).count() == 1


def test_redeliver_to_a_switched_off_endpoint_says_why(admin_client, endpoint):
    failed = delivery_for(endpoint, status=Delivery.STOPPED)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)
    response = admin_client.post(url_of("webhook_deliveries:redeliver", failed.pk), follow=True)
    assert response.status_code == 200 and "activate it first" in response.content.decode()
    assert Delivery.objects.filter(message_id=failed.message_id).count() == 1


def test_a_cdn_purge_can_be_redelivered(admin_client):
    purge = delivery_for(None, destination=Delivery.CLOUDFLARE, event_type="cdn.purge", status=Delivery.GIVEN_UP)
    response = admin_client.post(url_of("webhook_deliveries:redeliver", purge.pk))
    assert response.status_code == 302
    again = Delivery.objects.exclude(pk=purge.pk).get(message_id=purge.message_id)
    assert ModelLogEntry.objects.filter(action=LOG_REDELIVERED, object_id=str(again.pk)).exists()
    assert admin_client.get(url_of("webhook_deliveries:detail", purge.pk)).status_code == 200


# Who may, and how -----------------------------------------------------------------------------


def every_view(endpoint: WebhookEndpoint, delivery: Delivery) -> list[str]:
    return [
        INDEX,
        reverse("webhook_endpoints:index_results"),
        ADD,
        url_of("webhook_endpoints:edit", endpoint.pk),
        url_of("webhook_endpoints:delete", endpoint.pk),
        url_of("webhook_endpoints:history", endpoint.pk),
        url_of("webhook_endpoints:usage", endpoint.pk),
        url_of("webhook_endpoints:rotate_secret", endpoint.pk),
        url_of("webhook_endpoints:send_test", endpoint.pk),
        url_of("webhook_endpoints:clear_flag", endpoint.pk),
        DELIVERIES,
        reverse("webhook_deliveries:index_results"),
        url_of("webhook_deliveries:detail", delivery.pk),
        url_of("webhook_deliveries:redeliver", delivery.pk),
    ]


@pytest.mark.parametrize("username", ["editor", "reviewer"])
def test_only_administrators_get_in(username, endpoint):
    flag(endpoint)
    delivery = delivery_for(endpoint, status=Delivery.GIVEN_UP)
    client = logged_in(username)
    secret = endpoint.encrypted_secret
    for url in every_view(endpoint, delivery):
        assert client.get(url).status_code == 403, url
        assert (
            client.post(url, {"url": "https://other.example.com/", "client": endpoint.client_id}).status_code == 403
        ), url
    for missing in (
        url_of("webhook_endpoints:delete", 999999),
        url_of("webhook_endpoints:history", 999999),
        url_of("webhook_endpoints:rotate_secret", 999999),
        url_of("webhook_deliveries:detail", 999999),
        url_of("webhook_deliveries:redeliver", 999999),
    ):
        assert client.post(missing).status_code == 403, missing
        assert client.get(missing).status_code == 403, missing
    endpoint.refresh_from_db()
    assert endpoint.encrypted_secret == secret and endpoint.flagged_at is not None
    assert WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()
    assert Delivery.objects.filter(endpoint=endpoint).count() == 1
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert INDEX not in home and DELIVERIES not in home


def test_administrators_see_both_in_the_settings_menu_after_front_end_clients(admin_client):
    home = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    clients = home.index(reverse("frontend_clients:index"))
    assert clients < home.index(f'"{INDEX}"') < home.index(f'"{DELIVERIES}"')


def test_the_endpoints_of_one_front_end_client(admin_client, endpoint):
    """Where the front-end client's "Webhooks" button leads (``?client=<id>``)."""
    other_client = FrontEndClient.objects.create(name="Network website")
    other, _secret = services.create_endpoint(client=other_client, url="https://network.example.com/hooks")
    page = admin_client.get(f"{INDEX}?client={endpoint.client_id}").content.decode()
    assert endpoint.url in page and other.url not in page


def test_a_user_who_may_change_front_end_clients_is_an_administrator(endpoint):
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.get(username="editor")
    user.user_permissions.add(Permission.objects.get(codename="change_frontendclient"))
    client = logged_in("editor")
    assert client.get(INDEX).status_code == 200
    assert client.get(DELIVERIES).status_code == 200


@pytest.mark.parametrize("name", ["send_test", "clear_flag"])
def test_get_on_an_endpoint_action_changes_nothing(admin_client, endpoint, name):
    flag(endpoint)
    assert admin_client.get(url_of(f"webhook_endpoints:{name}", endpoint.pk)).status_code == 405
    endpoint.refresh_from_db()
    assert endpoint.flagged_at is not None
    assert not Delivery.objects.filter(endpoint=endpoint).exists()


def test_get_on_redeliver_changes_nothing(admin_client, endpoint):
    failed = delivery_for(endpoint, status=Delivery.GIVEN_UP)
    assert admin_client.get(url_of("webhook_deliveries:redeliver", failed.pk)).status_code == 405
    assert Delivery.objects.filter(message_id=failed.message_id).count() == 1


def test_every_post_wants_the_csrf_token(endpoint, phoenix_client):
    client = logged_in("admin", enforce_csrf_checks=True)
    failed = delivery_for(endpoint, status=Delivery.GIVEN_UP)
    secret = endpoint.encrypted_secret
    for url, data in [
        (ADD, {"client": phoenix_client.pk, "url": "https://other.example.com/"}),
        (url_of("webhook_endpoints:edit", endpoint.pk), {"url": "https://other.example.com/"}),
        (url_of("webhook_endpoints:rotate_secret", endpoint.pk), {}),
        (url_of("webhook_endpoints:send_test", endpoint.pk), {}),
        (url_of("webhook_endpoints:clear_flag", endpoint.pk), {}),
        (url_of("webhook_endpoints:delete", endpoint.pk), {}),
        (url_of("webhook_deliveries:redeliver", failed.pk), {}),
    ]:
        assert client.post(url, data).status_code == 403, url
    endpoint.refresh_from_db()
    assert endpoint.encrypted_secret == secret and endpoint.url == "https://hooks.example.com/content"
    assert Delivery.objects.count() == 1 and WebhookEndpoint.objects.filter(client=phoenix_client).count() == 1


# Query counts ----------------------------------------------------------------------------------


def queries_for(client: Client, url: str) -> int:
    client.get(url)  # warm: the session, content types, permissions
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_deliveries_list_costs_the_same_for_3_or_30_rows(admin_client, endpoint, django_assert_max_num_queries):
    for _number in range(3):
        DeliveryAttempt.objects.create(delivery=delivery_for(endpoint, attempts=1), outcome=DeliveryAttempt.RETRY)
    filtered = f"{DELIVERIES}?endpoint={endpoint.pk}&status=pending"
    three = {url: queries_for(admin_client, url) for url in (DELIVERIES, filtered)}
    for number in range(27):
        delivery_for(endpoint if number % 2 else None, destination=Delivery.WEBHOOK if number % 2 else Delivery.FASTLY)
    with django_assert_max_num_queries(three[DELIVERIES]):
        response = admin_client.get(DELIVERIES)
    assert len(rows_of(response)) == 30
    with django_assert_max_num_queries(three[filtered]):
        response = admin_client.get(filtered)
    assert len(rows_of(response)) == 3 + 13


def test_the_endpoints_list_costs_the_same_for_3_or_30_rows(
    admin_client, phoenix_client, django_assert_max_num_queries
):
    def more(count: int) -> None:
        for number in range(count):
            made, _secret = services.create_endpoint(
                client=phoenix_client, url=f"https://hooks{WebhookEndpoint.objects.count()}.example.com/"
            )
            delivery_for(made, status=Delivery.DELIVERED)
            if number % 3 == 0:
                flag(made)

    more(3)
    three = queries_for(admin_client, INDEX)
    more(27)
    with django_assert_max_num_queries(three):
        response = admin_client.get(INDEX)
    assert response.content.decode().count("https://hooks") >= 30


def test_the_delivery_detail_costs_the_same_for_2_or_12_attempts(admin_client, endpoint, django_assert_max_num_queries):
    delivery = delivery_for(endpoint, status=Delivery.GIVEN_UP)
    detail = url_of("webhook_deliveries:detail", delivery.pk)

    def more(count: int) -> None:
        for _number in range(count):
            DeliveryAttempt.objects.create(delivery=delivery, status_code=500, outcome=DeliveryAttempt.RETRY)
            delivery_for(endpoint, message_id=delivery.message_id, status=Delivery.STOPPED)

    more(2)
    two = queries_for(admin_client, detail)
    more(10)
    with django_assert_max_num_queries(two):
        response = admin_client.get(detail)
    assert response.content.decode().count("<td>500</td>") == 12
