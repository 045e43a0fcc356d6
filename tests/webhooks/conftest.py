"""Fixtures for webhooks: front-end clients and endpoints, local receivers, quick retries, and (on
PostgreSQL) a database other processes see, for tests with real worker processes."""

import datetime
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.db.models import Max
from django.utils import timezone

from api.models import FrontEndClient
from changes.models import ARTICLE_UPDATED, ClinicChange
from clinics.models import Clinic
from webhooks import fanout, services
from webhooks.models import Delivery, DeliveryAttempt, WebhookEndpoint

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def httpserver_listen_address():
    """Receivers listen on 127.0.0.1 (the address a webhook to ``http://127.0.0.1:port`` goes to)."""
    return ("127.0.0.1", 0)


@pytest.fixture
def quick_retries(settings):
    """Three retries, each due at once: a whole schedule runs in a test without waiting."""
    settings.WEBHOOK_RETRY_SCHEDULE = [0, 0, 0]
    settings.WEBHOOK_TIMEOUT_SECONDS = 2
    return settings


@pytest.fixture
def client_for(db):
    def make(clinic_slug: str | None = "phoenix") -> FrontEndClient:
        clinic = Clinic.objects.get(slug=clinic_slug) if clinic_slug else None
        return FrontEndClient.objects.create(name=f"webhook test {clinic_slug or 'network'}", clinic=clinic)

    return make


@pytest.fixture
def endpoint_at(client_for):
    """An endpoint registered through the service (its secret returned), for a clinic's client."""

    def make(url: str, *, clinic_slug: str | None = "phoenix", event_types=None):
        return services.create_endpoint(client=client_for(clinic_slug), url=url, event_types=event_types)

    return make


@pytest.fixture
def administrator(db):
    return get_user_model().objects.create_superuser(
        username="webhook-admin", email="webhook-admin@example.com", password="x"
    )


def record_change(*, clinic_slug: str = "phoenix", event_type: str = ARTICLE_UPDATED, tags=()) -> list[Delivery]:
    """A clinic change as the relay records it, and the deliveries the fan-out writes for it
    (the relay's signal sent by hand: these tests do not depend on what the relay decides)."""
    change = ClinicChange.objects.create(
        clinic=Clinic.objects.get(slug=clinic_slug),
        type=event_type,
        data={"kind": "article", "key": "test-key", "locale": "en", "slug": "what-is-ketamine-therapy"},
    )
    return fanout.deliveries_for_changes(changes=[change], tags=set(tags))


def delivery_to(endpoint: WebhookEndpoint, *, clinic_slug: str = "phoenix") -> Delivery:
    return next(delivery for delivery in record_change(clinic_slug=clinic_slug) if delivery.endpoint_id == endpoint.pk)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Worker processes against a committed database -------------------------------------------------


@pytest.fixture
def committed(db):
    """Run a function in a connection of its own, outside the test's transaction, so that what it
    writes is committed and worker processes see it (the test reads it too: PostgreSQL reads
    committed rows). What it added is removed after the test.

    Not pytest-django's ``transactional_db``: that empties every table after the test, and the
    demo network (loaded once per session) would be gone for the tests after it. PostgreSQL only:
    SQLite's test database lives in this process."""
    if connection.vendor != "postgresql":
        pytest.skip("Worker processes need a database they share with the test: run on PostgreSQL (CI does).")

    def run(function, *args, **kwargs):
        outcome = {}

        def in_own_connection():
            try:
                outcome["value"] = function(*args, **kwargs)
            except BaseException as error:
                outcome["error"] = error
            finally:
                connections.close_all()  # this thread's connections only

        thread = threading.Thread(target=in_own_connection)
        thread.start()
        thread.join()
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("value")

    marks = run(
        lambda: {model: model.objects.aggregate(top=Max("pk"))["top"] or 0 for model in (FrontEndClient, ClinicChange)}
    )
    started = timezone.now() - datetime.timedelta(seconds=1)
    yield run
    run(remove_what_was_committed, marks=marks, started=started)


def remove_what_was_committed(*, marks: dict, started: datetime.datetime) -> None:
    from django_tasks_db.models import DBTaskResult

    DeliveryAttempt.objects.filter(delivery__created_at__gte=started).delete()
    Delivery.objects.filter(created_at__gte=started).delete()
    WebhookEndpoint.objects.filter(client__pk__gt=marks[FrontEndClient]).delete()
    FrontEndClient.objects.filter(pk__gt=marks[FrontEndClient]).delete()
    ClinicChange.objects.filter(pk__gt=marks[ClinicChange]).delete()
    DBTaskResult.objects.filter(enqueued_at__gte=started).delete()


def database_url() -> str:
    """The test database's URL, for another process."""
    settings = connection.settings_dict
    credentials = settings["USER"] + (f":{settings['PASSWORD']}" if settings.get("PASSWORD") else "")
    return f"postgres://{credentials}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


class WorkerProcess:
    """``manage.py run_worker`` in its own process, its output collected line by line."""

    def __init__(self, *args: str, env: dict[str, str] | None = None):
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "network.settings.test",
            "DATABASE_URL": database_url(),
            "WEBHOOK_TIMEOUT_SECONDS": "2",
            "WEBHOOK_LEASE_MARGIN_SECONDS": "1",
            "WEBHOOK_RETRY_SCHEDULE": "0.1,0.1,0.1",
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--queues", "deliveries", "--interval", "0.1", *args],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip())

    def wait_for_line(self, text: str, *, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.lines):
            assert self.process.poll() is None, "\n".join(self.lines)
            assert time.monotonic() < deadline, f"no {text!r} in:\n" + "\n".join(self.lines)
            time.sleep(0.05)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> int:
        """SIGTERM: the worker finishes what it has in hand and exits."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=30)
        finally:
            self.reader.join(timeout=5)


@pytest.fixture
def worker_processes():
    started: list[WorkerProcess] = []

    def start(*args: str, env: dict[str, str] | None = None) -> WorkerProcess:
        worker = WorkerProcess(*args, env=env)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        if worker.process.poll() is None:
            worker.kill()


def wait_until(condition, *, timeout: float = 60, interval: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(interval)
