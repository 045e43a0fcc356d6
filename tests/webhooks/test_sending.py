"""Sending webhooks to real receivers on this machine: signatures, retries, refusals and flags."""

import json
import socket

import pytest
from django.core import mail
from django.utils import timezone
from pytest_httpserver import HTTPServer
from standardwebhooks import Webhook, WebhookVerificationError
from werkzeug import Request, Response

from webhooks import sending, services
from webhooks.models import Delivery, DeliveryAttempt, WebhookEndpoint
from webhooks.sending import attempt_delivery

from .conftest import delivery_to, free_port

pytestmark = pytest.mark.django_db


def attempt_until_finished(delivery: Delivery, *, limit: int = 20) -> Delivery:
    for _ in range(limit):
        attempt_delivery(delivery_id=delivery.pk)
        delivery.refresh_from_db()
        if delivery.status != Delivery.PENDING:
            break
    return delivery


def headers_of(request: Request) -> dict[str, str]:
    return {name.lower(): value for name, value in request.headers.items()}


def outcomes(delivery: Delivery) -> list[str]:
    return list(DeliveryAttempt.objects.filter(delivery=delivery).order_by("pk").values_list("outcome", flat=True))


def test_the_signature_verifies_with_standardwebhooks(httpserver, endpoint_at):
    httpserver.expect_request("/hook", method="POST").respond_with_data("thanks", status=200)
    endpoint, secret = endpoint_at(httpserver.url_for("/hook").replace("localhost", "127.0.0.1"))
    delivery = delivery_to(endpoint)

    assert attempt_delivery(delivery_id=delivery.pk) == sending.DELIVERED

    request, _response = httpserver.log[0]
    body = request.get_data()
    assert Webhook(secret).verify(body, headers_of(request)) == delivery.payload
    assert request.headers["webhook-id"] == f"msg_{delivery.change_id}_{endpoint.pk}" == delivery.message_id
    assert request.headers["content-type"] == "application/json"
    assert "ClinicNetwork-Webhooks" in request.headers["user-agent"]
    assert request.headers["Host"] == f"127.0.0.1:{httpserver.port}"
    assert body == json.dumps(json.loads(body), separators=(",", ":"), ensure_ascii=False).encode()  # compact
    assert set(delivery.payload) == {"id", "type", "timestamp", "clinic", "data"}
    assert delivery.payload["clinic"] == "phoenix"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code, delivery.lease_until) == (
        Delivery.DELIVERED,
        1,
        200,
        None,
    )
    attempt = delivery.attempt_log.get()
    assert (attempt.outcome, attempt.status_code, attempt.response_excerpt) == ("delivered", 200, "thanks")
    with pytest.raises(WebhookVerificationError):  # another secret does not verify it
        Webhook(services.rotate_secret(endpoint=endpoint)).verify(body, headers_of(request))


def test_during_a_rotation_both_secrets_verify(httpserver, endpoint_at, settings):
    settings.WEBHOOK_SECRET_OVERLAP_HOURS = 24
    httpserver.expect_request("/hook").respond_with_data("ok")
    endpoint, old_secret = endpoint_at(f"http://127.0.0.1:{httpserver.port}/hook")
    new_secret = services.rotate_secret(endpoint=endpoint)
    assert new_secret != old_secret and new_secret.startswith("whsec_")

    attempt_delivery(delivery_id=delivery_to(endpoint).pk)

    request, _response = httpserver.log[0]
    headers, body = headers_of(request), request.get_data()
    assert len(headers["webhook-signature"].split(" ")) == 2
    assert all(part.startswith("v1,") for part in headers["webhook-signature"].split(" "))
    Webhook(old_secret).verify(body, headers)
    Webhook(new_secret).verify(body, headers)


def test_after_the_overlap_only_the_new_secret_signs(httpserver, endpoint_at, settings):
    settings.WEBHOOK_SECRET_OVERLAP_HOURS = 0
    httpserver.expect_request("/hook").respond_with_data("ok")
    endpoint, old_secret = endpoint_at(f"http://127.0.0.1:{httpserver.port}/hook")
    new_secret = services.rotate_secret(endpoint=endpoint)

    attempt_delivery(delivery_id=delivery_to(endpoint).pk)

    request, _response = httpserver.log[0]
    headers, body = headers_of(request), request.get_data()
    assert " " not in headers["webhook-signature"]
    Webhook(new_secret).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(old_secret).verify(body, headers)


def test_a_receiver_failing_three_times_gets_the_event_once_in_the_end(httpserver, endpoint_at, quick_retries):
    answers = iter([500, 503, 502, 200])
    seen = []

    def receiver(request: Request) -> Response:
        seen.append(request.headers["webhook-id"])
        status = next(answers)
        return Response("busy" if status >= 500 else "ok", status=status)

    httpserver.expect_request("/hook").respond_with_handler(receiver)
    endpoint, _secret = endpoint_at(f"http://127.0.0.1:{httpserver.port}/hook")

    delivery = attempt_until_finished(delivery_to(endpoint))

    assert delivery.status == Delivery.DELIVERED and delivery.attempts == 4
    assert outcomes(delivery) == ["retry", "retry", "retry", "delivered"]
    assert [response.status_code for _request, response in httpserver.log] == [500, 503, 502, 200]
    assert seen == [delivery.message_id] * 4  # the same webhook-id on every attempt
    assert attempt_delivery(delivery_id=delivery.pk) is None  # delivered: never sent again
    assert len(httpserver.log) == 4


def test_a_receiver_failing_for_the_whole_schedule_is_given_up_and_flagged(
    httpserver, endpoint_at, quick_retries, administrator
):
    httpserver.expect_request("/hook").respond_with_data("down", status=500)
    endpoint, _secret = endpoint_at(f"http://127.0.0.1:{httpserver.port}/hook")

    delivery = attempt_until_finished(delivery_to(endpoint))

    assert delivery.status == Delivery.GIVEN_UP and delivery.attempts == 4
    assert outcomes(delivery) == ["retry", "retry", "retry", "given_up"]
    endpoint.refresh_from_db()
    assert endpoint.flagged_at is not None and "Given up after 4 attempts" in endpoint.flag_reason
    assert list(services.flagged_endpoints()) == [endpoint]
    assert len(mail.outbox) == 1 and administrator.email in mail.outbox[0].to


@pytest.mark.parametrize("status", [410, 400, 404, 301])
def test_a_refusal_stops_at_once_flags_the_endpoint_and_tells_the_administrators(
    httpserver, endpoint_at, administrator, status
):
    httpserver.expect_request("/hook").respond_with_data("gone", status=status, headers={"Location": "/elsewhere"})
    endpoint, _secret = endpoint_at(f"http://127.0.0.1:{httpserver.port}/hook")

    delivery = attempt_until_finished(delivery_to(endpoint))

    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (Delivery.STOPPED, 1, status)
    assert len(httpserver.log) == 1  # no redirect followed, no retry
    endpoint.refresh_from_db()
    assert endpoint.flagged_at is not None and str(status) in endpoint.flag_reason
    assert len(mail.outbox) == 1
    assert administrator.email in mail.outbox[0].to and endpoint.url.split("?")[0] in mail.outbox[0].subject

    # Once per flag: a second refusal while flagged e-mails nobody.
    attempt_until_finished(delivery_to(endpoint))
    assert len(mail.outbox) == 1


def test_a_later_success_clears_the_flag(httpserver, endpoint_at, administrator):
    answers = iter([410, 200])
    httpserver.expect_request("/hook").respond_with_handler(lambda request: Response("", status=next(answers)))
    endpoint, _secret = endpoint_at(f"http://127.0.0.1:{httpserver.port}/hook")
    stopped = attempt_until_finished(delivery_to(endpoint))
    endpoint.refresh_from_db()
    assert stopped.status == Delivery.STOPPED and endpoint.flagged_at is not None

    again = services.redeliver(delivery=stopped)
    assert again.pk != stopped.pk and again.message_id == stopped.message_id and again.payload == stopped.payload
    assert attempt_until_finished(again).status == Delivery.DELIVERED

    endpoint.refresh_from_db()
    assert (endpoint.flagged_at, endpoint.flag_reason) == (None, "")
    assert [request.headers["webhook-id"] for request, _response in httpserver.log] == [stopped.message_id] * 2
    assert not services.flagged_endpoints().exists()


def test_a_receiver_that_is_down_then_up_loses_nothing(endpoint_at, quick_retries, settings):
    settings.WEBHOOK_RETRY_SCHEDULE = [0] * 10
    port = free_port()  # nothing listens here yet
    endpoint, secret = endpoint_at(f"http://127.0.0.1:{port}/hook")
    deliveries = [delivery_to(endpoint) for _ in range(3)]

    for delivery in deliveries:
        assert attempt_delivery(delivery_id=delivery.pk) == sending.RETRY
        assert attempt_delivery(delivery_id=delivery.pk) == sending.RETRY
    attempt = DeliveryAttempt.objects.filter(delivery=deliveries[0]).first()
    assert attempt.status_code is None and "Could not connect" in attempt.error

    receiver = HTTPServer(host="127.0.0.1", port=port)
    receiver.expect_request("/hook").respond_with_data("ok")
    receiver.start()
    try:
        for delivery in deliveries:
            assert attempt_until_finished(delivery).status == Delivery.DELIVERED
    finally:
        receiver.stop()
    received = [request.headers["webhook-id"] for request, _response in receiver.log]
    assert sorted(received) == sorted(delivery.message_id for delivery in deliveries)
    for request, _response in receiver.log:
        Webhook(secret).verify(request.get_data(), headers_of(request))


def test_a_receiver_too_slow_to_answer_is_retried(endpoint_at, quick_retries, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.3
    with socket.socket() as silent:  # accepts the connection, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        endpoint, _secret = endpoint_at(f"http://127.0.0.1:{silent.getsockname()[1]}/hook")
        delivery = delivery_to(endpoint)
        assert attempt_delivery(delivery_id=delivery.pk) == sending.RETRY
    attempt = delivery.attempt_log.get()
    assert "Timed out" in attempt.error and attempt.status_code is None
    delivery.refresh_from_db()
    assert delivery.lease_until is None and delivery.status == Delivery.PENDING


def test_retry_after_is_honoured_when_longer_than_the_schedule(httpserver, endpoint_at, quick_retries):
    httpserver.expect_request("/hook").respond_with_data("slow down", status=429, headers={"Retry-After": "120"})
    endpoint, _secret = endpoint_at(f"http://127.0.0.1:{httpserver.port}/hook")
    delivery = delivery_to(endpoint)

    assert attempt_delivery(delivery_id=delivery.pk) == sending.RETRY
    delivery.refresh_from_db()
    wait = (delivery.next_attempt_at - delivery.attempt_log.get().started_at).total_seconds()
    assert 119 <= wait <= 125
    assert attempt_delivery(delivery_id=delivery.pk) is None  # not due yet


def test_the_retry_schedule_is_jittered_around_its_entries(httpserver, endpoint_at, settings):
    settings.WEBHOOK_RETRY_SCHEDULE = [100, 1000]
    httpserver.expect_request("/hook").respond_with_data("", status=500)
    endpoint, _secret = endpoint_at(f"http://127.0.0.1:{httpserver.port}/hook")
    delivery = delivery_to(endpoint)
    assert attempt_delivery(delivery_id=delivery.pk) == sending.RETRY
    delivery.refresh_from_db()
    wait = (delivery.next_attempt_at - delivery.attempt_log.get().started_at).total_seconds()
    assert 80 <= wait <= 121


def test_a_host_rebound_to_a_private_address_after_saving_is_refused_at_delivery(
    endpoint_at, monkeypatch, settings, administrator
):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    answer = {"address": "93.184.215.14"}

    def getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answer["address"], port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    endpoint, _secret = endpoint_at("https://hooks.example.com/content")  # passes: a public address
    answer["address"] = "10.0.0.5"  # the DNS answer changes
    sent = []
    monkeypatch.setattr(sending, "post", lambda **kwargs: sent.append(kwargs))
    delivery = delivery_to(endpoint)

    assert attempt_delivery(delivery_id=delivery.pk) == sending.STOPPED

    assert sent == []  # no request made
    attempt = delivery.attempt_log.get()
    assert attempt.error == (
        "Not sent: hooks.example.com resolves to 10.0.0.5, a private network address; "
        "webhook addresses must be reachable on the public internet."
    )
    endpoint.refresh_from_db()
    assert endpoint.flagged_at is not None and len(mail.outbox) == 1


def test_a_host_that_stops_resolving_is_retried(endpoint_at, monkeypatch, settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port))],
    )
    endpoint, _secret = endpoint_at("https://hooks.example.com/content")

    def no_answer(*args, **kwargs):
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", no_answer)
    delivery = delivery_to(endpoint)
    assert attempt_delivery(delivery_id=delivery.pk) == sending.RETRY
    assert "does not resolve" in delivery.attempt_log.get().error


def test_a_delivery_is_claimed_by_one_attempt_at_a_time(httpserver, endpoint_at):
    httpserver.expect_request("/hook").respond_with_data("ok")
    endpoint, _secret = endpoint_at(f"http://127.0.0.1:{httpserver.port}/hook")
    delivery = delivery_to(endpoint)

    lease = sending.claim_delivery(delivery_id=delivery.pk, now=timezone.now())  # another worker holds it
    assert lease is not None
    assert attempt_delivery(delivery_id=delivery.pk) is None
    assert httpserver.log == []


def test_an_inactive_endpoint_gets_nothing(httpserver, endpoint_at, administrator):
    httpserver.expect_request("/hook").respond_with_data("ok")
    endpoint, _secret = endpoint_at(f"http://127.0.0.1:{httpserver.port}/hook")
    pending = delivery_to(endpoint)
    endpoint.active = False
    endpoint.save()

    assert attempt_delivery(delivery_id=pending.pk) == sending.STOPPED
    assert httpserver.log == []
    assert "deactivated" in pending.attempt_log.get().error
    endpoint.refresh_from_db()
    assert endpoint.flagged_at is None and mail.outbox == []  # no fault of the receiver


def test_deactivating_an_endpoint_stops_its_pending_deliveries(endpoint_at):
    endpoint, _secret = endpoint_at(f"http://127.0.0.1:{free_port()}/hook")
    pending = delivery_to(endpoint)
    assert services.deactivate_endpoint(endpoint=endpoint) == 1
    pending.refresh_from_db()
    assert pending.status == Delivery.STOPPED and "deactivated" in pending.last_error
    assert attempt_delivery(delivery_id=pending.pk) is None


def test_the_response_excerpt_is_truncated(httpserver, endpoint_at):
    httpserver.expect_request("/hook").respond_with_data("x" * 50_000)
    endpoint, _secret = endpoint_at(f"http://127.0.0.1:{httpserver.port}/hook")
    delivery = delivery_to(endpoint)
    attempt_delivery(delivery_id=delivery.pk)
    assert len(delivery.attempt_log.get().response_excerpt) == 1000


def test_an_endpoint_url_that_does_not_parse_is_refused_at_delivery(endpoint_at, administrator):
    """An address saved before it was checked for this (or written past the form) is a refusal
    at delivery, told to the administrators like any other, never an exception."""
    endpoint, _secret = endpoint_at(f"http://127.0.0.1:{free_port()}/hook")
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(url="https://user:pw@[::1/hook?token=x")
    delivery = delivery_to(endpoint)

    assert attempt_delivery(delivery_id=delivery.pk) == sending.STOPPED

    attempt = delivery.attempt_log.get()
    assert attempt.error.startswith("Not sent: The address is not a valid URL")
    assert len(mail.outbox) == 1
    assert "token" not in mail.outbox[0].subject and "pw" not in mail.outbox[0].subject
