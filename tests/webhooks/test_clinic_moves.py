"""A client moved to another clinic hears that clinic's changes from then on, and never the ones
queued for its former clinic: neither from the queue, nor redelivered, nor a test event queued
before the move. Nothing is flagged: it is no fault of the receiver."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from api.models import FrontEndClient
from clinics.models import Clinic
from webhooks import sending, services
from webhooks.models import Delivery, WebhookEndpoint
from webhooks.sending import attempt_delivery

from .conftest import delivery_to

pytestmark = pytest.mark.django_db

CLINIC_CHANGED = "The endpoint's client now belongs to another clinic: this clinic's change is not sent to it."


def move_client(endpoint: WebhookEndpoint, clinic_slug: str | None) -> None:
    """What the admin does: the client, loaded afresh, saved with another clinic (or none)."""
    client = FrontEndClient.objects.get(pk=endpoint.client_id)
    client.clinic = Clinic.objects.get(slug=clinic_slug) if clinic_slug else None
    client.save()


@pytest.fixture
def receiver(httpserver):
    httpserver.expect_request("/hook").respond_with_data("ok")
    return httpserver


def test_an_event_queued_for_the_former_clinic_is_stopped_unsent(receiver, endpoint_at, administrator):
    endpoint, _secret = endpoint_at(f"http://127.0.0.1:{receiver.port}/hook", clinic_slug="phoenix")
    phoenix_event = delivery_to(endpoint, clinic_slug="phoenix")
    move_client(endpoint, "peoria")

    assert attempt_delivery(delivery_id=phoenix_event.pk) == sending.STOPPED

    assert receiver.log == []  # no request at all
    phoenix_event.refresh_from_db()
    assert (phoenix_event.status, phoenix_event.last_error) == (Delivery.STOPPED, CLINIC_CHANGED)
    assert phoenix_event.attempt_log.get().error == CLINIC_CHANGED
    endpoint.refresh_from_db()
    assert (endpoint.flagged_at, endpoint.flag_reason) == (None, "")
    assert mail.outbox == []

    # Its new clinic's events reach it.
    peoria_event = delivery_to(endpoint, clinic_slug="peoria")
    assert attempt_delivery(delivery_id=peoria_event.pk) == sending.DELIVERED
    request, _response = receiver.log[0]
    assert request.headers["webhook-id"] == peoria_event.message_id
    assert peoria_event.payload["clinic"] == "peoria"


def test_redelivering_the_former_clinics_event_is_refused(receiver, endpoint_at):
    endpoint, _secret = endpoint_at(f"http://127.0.0.1:{receiver.port}/hook", clinic_slug="phoenix")
    finished = delivery_to(endpoint, clinic_slug="phoenix")
    assert attempt_delivery(delivery_id=finished.pk) == sending.DELIVERED
    pending = delivery_to(endpoint, clinic_slug="phoenix")
    Delivery.objects.filter(pk=pending.pk).update(next_attempt_at=pending.created_at.replace(year=2099))
    move_client(endpoint, "peoria")

    for delivery in (Delivery.objects.get(pk=finished.pk), Delivery.objects.get(pk=pending.pk)):
        with pytest.raises(ValidationError) as refused:
            services.redeliver(delivery=delivery)
        assert refused.value.messages == [f"Not redelivered: {CLINIC_CHANGED}"]

    assert Delivery.objects.filter(endpoint=endpoint).count() == 2  # no new delivery
    assert Delivery.objects.get(pk=pending.pk).next_attempt_at.year == 2099  # not hurried either
    assert len(receiver.log) == 1


def test_a_test_event_queued_before_the_move_is_stopped(receiver, endpoint_at):
    endpoint, _secret = endpoint_at(f"http://127.0.0.1:{receiver.port}/hook", clinic_slug="phoenix")
    test_event = services.send_test_event(endpoint=endpoint)
    assert test_event.payload["clinic"] == "phoenix"
    move_client(endpoint, "peoria")

    assert attempt_delivery(delivery_id=test_event.pk) == sending.STOPPED
    assert receiver.log == []

    # One sent after the move is the new clinic's, and goes through (even with the endpoint
    # object loaded before the move).
    again = services.send_test_event(endpoint=endpoint)
    assert again.payload["clinic"] == "peoria" and again.clinic.slug == "peoria"
    assert attempt_delivery(delivery_id=again.pk) == sending.DELIVERED


def test_a_client_made_network_wide_still_gets_every_clinics_events(receiver, endpoint_at):
    endpoint, _secret = endpoint_at(f"http://127.0.0.1:{receiver.port}/hook", clinic_slug="phoenix")
    phoenix_event = delivery_to(endpoint, clinic_slug="phoenix")
    move_client(endpoint, None)

    assert attempt_delivery(delivery_id=phoenix_event.pk) == sending.DELIVERED
    peoria_event = delivery_to(endpoint, clinic_slug="peoria")
    assert attempt_delivery(delivery_id=peoria_event.pk) == sending.DELIVERED
    assert [request.headers["webhook-id"] for request, _response in receiver.log] == [
        phoenix_event.message_id,
        peoria_event.message_id,
    ]
    stopped = Delivery.objects.get(pk=phoenix_event.pk)
    assert services.redeliver(delivery=stopped).message_id == phoenix_event.message_id  # allowed


def test_a_network_wide_client_gets_every_clinics_events_and_redeliveries(receiver, endpoint_at):
    endpoint, _secret = endpoint_at(f"http://127.0.0.1:{receiver.port}/hook", clinic_slug=None)
    for slug in ("phoenix", "peoria"):
        delivery = delivery_to(endpoint, clinic_slug=slug)
        assert attempt_delivery(delivery_id=delivery.pk) == sending.DELIVERED
        again = services.redeliver(delivery=Delivery.objects.get(pk=delivery.pk))
        assert attempt_delivery(delivery_id=again.pk) == sending.DELIVERED
    assert len(receiver.log) == 4
