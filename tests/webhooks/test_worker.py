"""The worker: tasks, the sweep for what was left behind, real worker processes killed
mid-delivery or running side by side (those on PostgreSQL: the processes share its database)."""

import datetime
import signal
import threading
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from pytest_httpserver import HTTPServer
from standardwebhooks import Webhook
from werkzeug import Request, Response

from network.models import ContentChange
from webhooks import worker
from webhooks.models import Delivery
from webhooks.sending import claim_delivery
from webhooks.worker import attempt_due_deliveries, work_until_idle

from .conftest import delivery_to, record_change, wait_until


def headers_of(request: Request) -> dict[str, str]:
    return {name.lower(): value for name, value in request.headers.items()}


def test_the_worker_base_still_has_what_we_use():
    """``webhooks.worker.ChangesWorker`` reproduces django-tasks-db's worker loop: on upgrade,
    compare ``Worker.run`` with ``ChangesWorker.run_next_task`` if this fails."""
    for name in ("run_task", "shutdown", "configure_signals", "reset_signals"):
        assert callable(getattr(Worker, name))
    for name in ("ready", "get_locked"):
        assert callable(getattr(DBTaskResult.objects, name))
    assert callable(DBTaskResult.claim)
    instance = Worker(
        queue_names=["deliveries"],
        interval=0,
        batch=True,
        backend_name="changes",
        startup_delay=False,
        max_tasks=None,
        worker_id="probe",
        excluded_queue_names=[],
    )
    assert (instance.running, instance.running_task, instance.process_all_queues) == (True, False, False)


@pytest.mark.django_db
def test_queued_deliveries_are_sent_by_their_tasks(httpserver, endpoint_at, django_capture_on_commit_callbacks):
    httpserver.expect_request("/hook").respond_with_data("ok")
    endpoint, secret = endpoint_at(f"http://127.0.0.1:{httpserver.port}/hook")
    with django_capture_on_commit_callbacks(execute=True):
        deliveries = [delivery_to(endpoint) for _ in range(3)]

    work_until_idle(queues=("deliveries",))

    assert sorted(request.headers["webhook-id"] for request, _ in httpserver.log) == sorted(
        delivery.message_id for delivery in deliveries
    )
    for request, _response in httpserver.log:
        Webhook(secret).verify(request.get_data(), headers_of(request))
    tasks = DBTaskResult.objects.filter(task_path="webhooks.tasks.deliver")
    assert sorted(task.status for task in tasks) == ["SUCCESSFUL"] * 3


@pytest.mark.django_db
def test_the_sweep_sends_a_delivery_whose_wake_up_was_lost(httpserver, endpoint_at):
    httpserver.expect_request("/hook").respond_with_data("ok")
    endpoint, _secret = endpoint_at(f"http://127.0.0.1:{httpserver.port}/hook")
    delivery = delivery_to(endpoint)  # its on_commit enqueue never ran: no task at all

    assert attempt_due_deliveries() == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.DELIVERED


@pytest.mark.django_db
def test_the_sweep_resends_a_delivery_whose_worker_died_with_the_same_webhook_id(httpserver, endpoint_at):
    httpserver.expect_request("/hook").respond_with_data("ok")
    endpoint, _secret = endpoint_at(f"http://127.0.0.1:{httpserver.port}/hook")
    delivery = delivery_to(endpoint)
    assert claim_delivery(delivery_id=delivery.pk, now=timezone.now())  # a worker took it, then died
    Delivery.objects.filter(pk=delivery.pk).update(lease_until=timezone.now() - datetime.timedelta(seconds=1))

    assert attempt_due_deliveries() == 1

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.DELIVERED, 2)
    assert [request.headers["webhook-id"] for request, _ in httpserver.log] == [delivery.message_id]


@pytest.mark.django_db
def test_the_sweep_leaves_a_delivery_held_by_a_live_attempt(httpserver, endpoint_at):
    endpoint, _secret = endpoint_at(f"http://127.0.0.1:{httpserver.port}/hook")
    delivery = delivery_to(endpoint)
    assert claim_delivery(delivery_id=delivery.pk, now=timezone.now())
    assert attempt_due_deliveries() == 0
    assert httpserver.log == []


@pytest.mark.django_db
def test_the_sweep_relays_changes_left_behind(monkeypatch):
    relayed = []
    monkeypatch.setattr(worker, "relay_pending", lambda: relayed.append(True) or 0)
    assert worker.relay_left_behind() == 0 and relayed == []  # nothing left: the relay is not even called
    ContentChange.objects.create(tags=["clinic:1"], subjects=["clinic:1"])
    worker.relay_left_behind()
    assert relayed == [True]


@pytest.mark.django_db
def test_the_command_works_everything_due_then_exits(httpserver, endpoint_at, monkeypatch):
    monkeypatch.setattr(worker, "close_old_connections", lambda: None)  # it would end the test's transaction
    httpserver.expect_request("/hook").respond_with_data("ok")
    endpoint, _secret = endpoint_at(f"http://127.0.0.1:{httpserver.port}/hook")
    delivery = delivery_to(endpoint)
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command("run_worker", "--once", "--queues", "deliveries", verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.DELIVERED


@pytest.mark.parametrize(
    "arguments", [["--queues", "emails"], ["--queues", ""], ["--interval", "-1"], ["--sweep-seconds", "0"]]
)
def test_the_command_refuses_bad_options(arguments):
    with pytest.raises(CommandError):
        call_command("run_worker", "--batch", *arguments)


# Real worker processes (PostgreSQL) ------------------------------------------------------------


class HoldingReceiver:
    """A receiver that holds the first request open (until released) and answers the rest at once."""

    def __init__(self):
        self.seen: list[str] = []
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.first_arrived = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        self.server.expect_request("/hook").respond_with_handler(self.handle)
        self.server.start()

    def handle(self, request: Request) -> Response:
        with self.lock:
            self.seen.append(request.headers["webhook-id"])
            self.requests.append((headers_of(request), request.get_data()))
            first = len(self.seen) == 1
        if first:
            self.first_arrived.set()
            self.release.wait(timeout=60)
        return Response("ok")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}/hook"

    def stop(self) -> None:
        self.release.set()
        self.server.stop()


def test_a_worker_killed_mid_delivery_loses_nothing(committed, endpoint_at, worker_processes):
    receiver = HoldingReceiver()
    try:
        endpoint, secret = committed(endpoint_at, receiver.url)
        delivery = committed(delivery_to, endpoint)  # committed: its task is queued at once
        first = worker_processes("--sweep-seconds", "0.5")
        assert receiver.first_arrived.wait(timeout=60), "\n".join(first.lines)

        first.kill()  # kill -9 while the receiver holds the request
        delivery.refresh_from_db()
        assert delivery.status == Delivery.PENDING and delivery.lease_until is not None

        second = worker_processes("--sweep-seconds", "0.5")
        wait_until(lambda: Delivery.objects.get(pk=delivery.pk).status == Delivery.DELIVERED)
        assert second.stop() == 0  # SIGTERM: a graceful exit
    finally:
        receiver.stop()

    assert receiver.seen == [delivery.message_id, delivery.message_id]  # the same webhook-id: at-least-once
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert list(delivery.attempt_log.values_list("outcome", flat=True)) == ["delivered"]
    assert any(f"delivery={delivery.pk}" in line and "outcome=delivered" in line for line in second.lines)
    for headers, body in receiver.requests:
        assert Webhook(secret).verify(body, headers) == delivery.payload


def test_two_workers_never_send_one_delivery_twice(committed, endpoint_at, worker_processes):
    seen: list[str] = []
    lock = threading.Lock()

    def receive(request: Request) -> Response:
        with lock:
            seen.append(request.headers["webhook-id"])
        threading.Event().wait(0.02)  # a receiver taking a little time: the workers overlap
        return Response("ok")

    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.expect_request("/hook").respond_with_handler(receive)
    server.start()
    try:
        endpoints = [committed(endpoint_at, f"http://127.0.0.1:{server.port}/hook")[0] for _ in range(4)]
        workers = [worker_processes("--sweep-seconds", "0.3", "--worker-id", f"w{n}") for n in (1, 2)]
        for each in workers:
            each.wait_for_line("Starting worker")
        deliveries = [d for _ in range(15) for d in committed(record_change) if d.endpoint in endpoints]
        ids = {delivery.pk for delivery in deliveries}
        wait_until(lambda: not Delivery.objects.filter(pk__in=ids).exclude(status=Delivery.DELIVERED).exists())
        for each in workers:
            assert each.stop() == 0
    finally:
        server.stop()

    counts = Counter(seen)
    assert len(deliveries) == 60
    assert set(counts) == {delivery.message_id for delivery in deliveries}
    assert max(counts.values()) == 1  # each webhook-id received once
    assert set(Delivery.objects.filter(pk__in=ids).values_list("attempts", flat=True)) == {1}
