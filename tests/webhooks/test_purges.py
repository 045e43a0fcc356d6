"""CDN purges as Fastly and Cloudflare receive them (their API pointed at a local receiver),
retried like webhooks."""

import json

import pytest
from django.core import mail
from werkzeug import Response

from webhooks.models import Delivery
from webhooks.sending import attempt_delivery

from .conftest import record_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def fastly(settings, httpserver):
    settings.FASTLY_SERVICE_ID, settings.FASTLY_API_TOKEN = "service-1", "fastly-token"
    settings.FASTLY_API_URL = httpserver.url_for("/").rstrip("/")
    return httpserver


@pytest.fixture
def cloudflare(settings, httpserver):
    settings.CLOUDFLARE_ZONE_ID, settings.CLOUDFLARE_API_TOKEN = "zone-1", "cloudflare-token"
    settings.CLOUDFLARE_API_URL = httpserver.url_for("/").rstrip("/")
    return httpserver


def test_a_fastly_purge_as_sent(fastly, quick_retries):
    answers = iter([Response("{}", status=500), Response('{"content:a": "108-1391560174-974124"}', status=200)])
    fastly.expect_request("/service/service-1/purge", method="POST").respond_with_handler(lambda request: next(answers))
    (purge,) = record_change(tags={"content:a", "clinic:3", "list:clinic:3"})

    assert attempt_delivery(delivery_id=purge.pk) == "retry"
    assert attempt_delivery(delivery_id=purge.pk) == "delivered"

    request, _response = fastly.log[-1]
    assert request.headers["Fastly-Key"] == "fastly-token"
    assert request.headers["Surrogate-Key"] == "clinic:3 content:a list:clinic:3"
    assert "webhook-signature" not in request.headers
    purge.refresh_from_db()
    assert (purge.status, purge.attempts) == (Delivery.DELIVERED, 2)


def test_a_cloudflare_purge_as_sent(cloudflare):
    cloudflare.expect_request("/client/v4/zones/zone-1/purge_cache", method="POST").respond_with_json(
        {"success": True, "errors": [], "result": {"id": "zone-1"}}
    )
    (purge,) = record_change(tags={"content:a", "clinic:3"})

    assert attempt_delivery(delivery_id=purge.pk) == "delivered"

    request, _response = cloudflare.log[0]
    assert request.headers["Authorization"] == "Bearer cloudflare-token"
    assert json.loads(request.get_data()) == {"tags": ["clinic:3", "content:a"]}


def test_a_refused_purge_stops_and_tells_the_administrators_once(cloudflare, administrator):
    cloudflare.expect_request("/client/v4/zones/zone-1/purge_cache").respond_with_json(
        {"success": False, "errors": [{"code": 10000, "message": "Authentication error"}]}, status=403
    )
    (first,) = record_change(tags={"content:a"})
    (second,) = record_change(tags={"content:b"})

    assert attempt_delivery(delivery_id=first.pk) == "stopped"
    assert attempt_delivery(delivery_id=second.pk) == "stopped"

    assert len(mail.outbox) == 1 and "Cloudflare" in mail.outbox[0].subject
    assert administrator.email in mail.outbox[0].to


def test_a_cloudflare_200_without_success_is_a_refusal(cloudflare, administrator):
    cloudflare.expect_request("/client/v4/zones/zone-1/purge_cache").respond_with_json(
        {"success": False, "errors": [{"code": 1134, "message": "Too many tags"}]}
    )
    (purge,) = record_change(tags={"content:a"})
    assert attempt_delivery(delivery_id=purge.pk) == "stopped"
    assert "Too many tags" in purge.attempt_log.get().error


def test_purges_need_https_in_production(fastly, settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    (purge,) = record_change(tags={"content:a"})
    assert attempt_delivery(delivery_id=purge.pk) == "stopped"
    assert "https" in purge.attempt_log.get().error
    assert fastly.log == []


def test_a_purge_whose_cdn_was_unconfigured_stops_quietly(fastly, settings, administrator):
    (purge,) = record_change(tags={"content:a"})
    settings.FASTLY_API_TOKEN = ""
    assert attempt_delivery(delivery_id=purge.pk) == "stopped"
    assert "no longer configured" in purge.attempt_log.get().error and mail.outbox == []
