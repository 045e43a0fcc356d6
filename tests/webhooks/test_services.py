"""What the admin calls: registering endpoints, rotating secrets, test events and redeliveries.
Bad input is a ValidationError with a message, never a 500, and nothing half-made is saved."""

import pytest
from django.core.exceptions import ValidationError
from django_tasks_db.models import DBTaskResult
from standardwebhooks import Webhook

from webhooks import services
from webhooks.models import Delivery, WebhookEndpoint
from webhooks.secrets import decrypt_secret
from webhooks.worker import work_until_idle

from .conftest import delivery_to

pytestmark = pytest.mark.django_db


def test_create_endpoint_returns_the_secret_once_and_stores_it_encrypted(client_for):
    endpoint, secret = services.create_endpoint(
        client=client_for("phoenix"),
        url="http://127.0.0.1:8123/webhooks",
        description="Next.js revalidation",
        event_types=["article.updated", "article.published"],
    )
    endpoint.refresh_from_db()
    assert secret.startswith("whsec_") and secret not in endpoint.encrypted_secret
    assert decrypt_secret(encrypted=endpoint.encrypted_secret) == secret
    assert endpoint.event_types == ["article.published", "article.updated"]
    assert endpoint.active and endpoint.flagged_at is None


@pytest.mark.parametrize(
    ("url", "event_types", "says"),
    [
        ("https://10.0.0.1/hook", None, "private network"),
        ("ftp://example.com/", None, "https://"),
        ("not a url", None, "spaces"),
        ("", None, "Enter the webhook's address"),
        ("http://127.0.0.1:8123/hook", ["article.exploded"], "Unknown event type: article.exploded"),
        ("http://127.0.0.1:8123/hook", "article.updated", "list of names"),
    ],
)
def test_create_endpoint_refuses_bad_input_with_a_message(client_for, url, event_types, says):
    client = client_for("phoenix")
    with pytest.raises(ValidationError) as refused:
        services.create_endpoint(client=client, url=url, event_types=event_types)
    assert says in " ".join(refused.value.messages)
    assert not WebhookEndpoint.objects.filter(client=client).exists()


def test_create_endpoint_refuses_a_description_too_long(client_for):
    with pytest.raises(ValidationError) as refused:
        services.create_endpoint(client=client_for("phoenix"), url="http://127.0.0.1:8123/h", description="x" * 201)
    assert "description" in refused.value.message_dict


def test_rotating_keeps_the_previous_secret_for_the_overlap(endpoint_at, settings):
    settings.WEBHOOK_SECRET_OVERLAP_HOURS = 24
    endpoint, first = endpoint_at("http://127.0.0.1:8123/hook")
    second = services.rotate_secret(endpoint=endpoint)
    endpoint.refresh_from_db()
    assert decrypt_secret(encrypted=endpoint.encrypted_secret) == second
    assert decrypt_secret(encrypted=endpoint.encrypted_previous_secret) == first
    hours = (endpoint.previous_secret_expires_at - endpoint.created_at).total_seconds() / 3600
    assert 23.9 < hours < 24.1


def test_a_test_event_is_queued_at_once_and_reaches_the_receiver(
    httpserver, endpoint_at, django_capture_on_commit_callbacks
):
    httpserver.expect_request("/hook").respond_with_data("ok")
    endpoint, secret = endpoint_at(f"http://127.0.0.1:{httpserver.port}/hook", event_types=["contact.changed"])
    with django_capture_on_commit_callbacks(execute=True):
        delivery = services.send_test_event(endpoint=endpoint)
    assert delivery.event_type == "webhook.test" and delivery.message_id.startswith("msg_test_")
    task = DBTaskResult.objects.get(task_path="webhooks.tasks.deliver")
    assert task.args_kwargs == {"args": [delivery.pk], "kwargs": {}} and task.queue_name == "deliveries"

    work_until_idle()

    request, _response = httpserver.log[0]
    body = Webhook(secret).verify(request.get_data(), {k.lower(): v for k, v in request.headers.items()})
    assert body["type"] == "webhook.test" and body["clinic"] == "phoenix"
    assert request.headers["webhook-id"] == delivery.message_id
    delivery.refresh_from_db()
    assert delivery.status == Delivery.DELIVERED
    assert services.send_test_event(endpoint=endpoint).message_id != delivery.message_id  # fresh each time


def test_redelivering_a_pending_delivery_attempts_it_now(endpoint_at, settings, django_capture_on_commit_callbacks):
    endpoint, _secret = endpoint_at("http://127.0.0.1:8123/hook")
    delivery = delivery_to(endpoint)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=delivery.created_at.replace(year=2099))
    with django_capture_on_commit_callbacks(execute=True):
        again = services.redeliver(delivery=delivery)
    assert again.pk == delivery.pk and again.next_attempt_at.year < 2099
    assert Delivery.objects.filter(message_id=delivery.message_id).count() == 1


def test_nothing_is_sent_to_an_inactive_endpoint(endpoint_at):
    endpoint, _secret = endpoint_at("http://127.0.0.1:8123/hook")
    delivery = delivery_to(endpoint)
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.STOPPED)
    delivery.refresh_from_db()
    services.deactivate_endpoint(endpoint=endpoint)
    with pytest.raises(ValidationError, match="inactive"):
        services.send_test_event(endpoint=endpoint)
    with pytest.raises(ValidationError, match="inactive"):
        services.redeliver(delivery=delivery)


def test_unflagging_clears_the_banner(endpoint_at):
    endpoint, _secret = endpoint_at("http://127.0.0.1:8123/hook")
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(flagged_at=endpoint.created_at, flag_reason="410")
    assert list(services.flagged_endpoints()) == [endpoint]
    services.unflag_endpoint(endpoint=endpoint)
    assert not services.flagged_endpoints().exists()


@pytest.mark.parametrize("url", ["https://[::1/", "https://a]b/", "https://[not-an-address]/hook"])
def test_create_endpoint_refuses_a_url_that_does_not_parse(client_for, url):
    client = client_for("phoenix")
    with pytest.raises(ValidationError) as refused:
        services.create_endpoint(client=client, url=url)
    assert "not a valid URL" in " ".join(refused.value.messages)
    assert not WebhookEndpoint.objects.filter(client=client).exists()
