"""Each recorded clinic change becomes one delivery per endpoint that asked for it, in the relay's
transaction, and is queued once that commits. The first test goes end to end through the real
relay (an approved publish); the others send the relay's signal themselves with chosen changes."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult
from standardwebhooks import Webhook

from articles.models import ArticlePage
from changes.models import ARTICLE_UPDATED, CONTACT_CHANGED, ClinicChange
from changes.relay import clinic_changes_recorded, relay_pending
from clinics.models import Clinic
from tests.factories import approve_and_publish
from webhooks.models import Delivery
from webhooks.worker import work_until_idle

from .conftest import record_change

SHARED = "what-is-ketamine-infusion-therapy"

pytestmark = pytest.mark.django_db


def test_an_approved_publish_reaches_each_clinics_receiver_signed(
    httpserver, endpoint_at, django_capture_on_commit_callbacks
):
    httpserver.expect_request("/phoenix").respond_with_data("ok")
    httpserver.expect_request("/network").respond_with_data("ok")
    base = f"http://127.0.0.1:{httpserver.port}"
    phoenix, phoenix_secret = endpoint_at(f"{base}/phoenix", clinic_slug="phoenix")
    network, network_secret = endpoint_at(f"{base}/network", clinic_slug=None, event_types=[ARTICLE_UPDATED])

    article = ArticlePage.objects.get(slug=SHARED, locale__language_code="en")
    article.title = "Ketamine infusion therapy, explained again"
    approve_and_publish(article)
    with django_capture_on_commit_callbacks(execute=True):
        assert relay_pending() > 0
    work_until_idle()

    received = {}
    for request, _response in httpserver.log:
        secret = phoenix_secret if request.path == "/phoenix" else network_secret
        body = Webhook(secret).verify(request.get_data(), {k.lower(): v for k, v in request.headers.items()})
        received.setdefault(request.path, []).append((body["clinic"], body["type"], body["data"]["slug"]))
    assert received["/phoenix"] == [("phoenix", "article.updated", SHARED)]
    assert sorted(received["/network"]) == sorted(
        (clinic.slug, "article.updated", SHARED)
        for clinic in Clinic.objects.filter(slug__in=[c[0] for c in received["/network"]])
    )
    assert {clinic for clinic, _type, _slug in received["/network"]} >= {"phoenix", "peoria", "tempe"}
    assert Delivery.objects.filter(endpoint__in=[phoenix, network]).exclude(status=Delivery.DELIVERED).count() == 0


def test_an_endpoint_hears_its_clinic_and_a_network_endpoint_every_clinic(endpoint_at, client_for):
    phoenix, _ = endpoint_at("http://127.0.0.1:8123/phoenix", clinic_slug="phoenix")
    peoria, _ = endpoint_at("http://127.0.0.1:8123/peoria", clinic_slug="peoria")
    network, _ = endpoint_at("http://127.0.0.1:8123/network", clinic_slug=None)
    contact_only, _ = endpoint_at("http://127.0.0.1:8123/contact", clinic_slug="phoenix", event_types=[CONTACT_CHANGED])
    inactive, _ = endpoint_at("http://127.0.0.1:8123/inactive", clinic_slug="phoenix")
    inactive.active = False
    inactive.save()
    retired_client, _ = endpoint_at("http://127.0.0.1:8123/retired", clinic_slug="phoenix")
    retired_client.client.is_active = False
    retired_client.client.save()

    deliveries = record_change(clinic_slug="phoenix", event_type=ARTICLE_UPDATED)

    assert {delivery.endpoint for delivery in deliveries} == {phoenix, network}
    for delivery in deliveries:
        assert delivery.message_id == f"msg_{delivery.change_id}_{delivery.endpoint_id}"
        assert delivery.payload["clinic"] == "phoenix" and delivery.payload["type"] == ARTICLE_UPDATED
        assert delivery.payload["id"] == str(delivery.change_id) and delivery.clinic.slug == "phoenix"
        assert delivery.status == Delivery.PENDING and delivery.attempts == 0
    assert {delivery.endpoint for delivery in record_change(clinic_slug="phoenix", event_type=CONTACT_CHANGED)} == {
        phoenix,
        network,
        contact_only,
    }
    assert {delivery.endpoint for delivery in record_change(clinic_slug="peoria")} == {peoria, network}


def test_a_batch_costs_a_few_queries_however_many_changes(endpoint_at, django_assert_max_num_queries):
    for number in range(5):
        endpoint_at(f"http://127.0.0.1:8123/hook{number}", clinic_slug=None)
    phoenix = Clinic.objects.get(slug="phoenix")
    changes = [
        ClinicChange.objects.create(clinic=phoenix, type=ARTICLE_UPDATED, data={"n": number}) for number in range(40)
    ]
    # Endpoints, clinic slugs, the insert (SQLite splits it into a few: at most 999 parameters each).
    with django_assert_max_num_queries(8):
        clinic_changes_recorded.send(sender=ClinicChange, changes=changes, tags=set())
    assert Delivery.objects.filter(change__in=changes).count() == 200


def test_deliveries_are_queued_only_when_the_relays_transaction_commits(
    endpoint_at, django_capture_on_commit_callbacks
):
    endpoint_at("http://127.0.0.1:8123/hook")
    queued = DBTaskResult.objects.filter(task_path="webhooks.tasks.deliver")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        deliveries = record_change()
        assert not queued.exists()
    for callback in callbacks:
        callback()
    assert [task.args_kwargs["args"] for task in queued] == [[deliveries[0].pk]]


def test_a_relay_that_rolls_back_leaves_no_delivery(endpoint_at):
    endpoint_at("http://127.0.0.1:8123/hook")
    with pytest.raises(RuntimeError), transaction.atomic():
        record_change()
        raise RuntimeError("the relay died")
    assert not Delivery.objects.exists()


def test_a_batch_with_bumped_tags_purges_each_configured_cdn(settings, endpoint_at):
    settings.FASTLY_SERVICE_ID, settings.FASTLY_API_TOKEN = "service-1", "fastly-token"
    settings.CLOUDFLARE_ZONE_ID, settings.CLOUDFLARE_API_TOKEN = "zone-1", "cloudflare-token"
    tags = {f"content:key-{number:03}" for number in range(300)}

    deliveries = record_change(tags=tags)

    fastly = [d for d in deliveries if d.destination == Delivery.FASTLY]
    cloudflare = [d for d in deliveries if d.destination == Delivery.CLOUDFLARE]
    assert [len(d.payload["keys"]) for d in fastly] == [256, 44]
    assert [len(d.payload["keys"]) for d in cloudflare] == [100, 100, 100]
    assert {key for d in fastly for key in d.payload["keys"]} == tags
    assert {key for d in cloudflare for key in d.payload["keys"]} == tags
    assert all(d.endpoint is None and d.event_type == "cdn.purge" for d in fastly + cloudflare)
    assert len({d.message_id for d in deliveries}) == len(deliveries)


def test_no_cdn_configured_no_purge():
    assert record_change(tags={"content:abc"}) == []
