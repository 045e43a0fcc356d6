"""An attempt is over by ``WEBHOOK_TIMEOUT_SECONDS`` whatever the receiver (or the DNS) does: a
receiver that drips its answer a byte at a time, or a resolver that never answers, must not hold
an attempt past its lease (another worker's sweep would claim the delivery and send it again).

The receivers here are real sockets on this machine; each drip would last 12 s or more, the
attempts are given 1 s, and the bound asserted (4 s) leaves room for a slow machine."""

import socket
import threading
import time

import pytest
from django.core.exceptions import ValidationError

from webhooks import sending
from webhooks.addresses import HostNotFound, validate_endpoint_url, vet_address
from webhooks.models import Delivery
from webhooks.sending import attempt_delivery

from .conftest import delivery_to, record_change

pytestmark = pytest.mark.django_db

TIMEOUT = 1
BOUND = 4  # seconds: the timeout and a generous margin; the drips take 12 s or more
DRIP_INTERVAL = 0.3


class DripReceiver:
    """A receiver on 127.0.0.1 that takes the request, sends ``opening`` at once, then ``drip``
    one byte every ``DRIP_INTERVAL`` seconds (each read of the sender's gets a byte well within
    its per-read timeout), and hangs up when the drip is done or the sender hung up."""

    def __init__(self, *, opening: bytes, drip: bytes):
        self.opening, self.drip = opening, drip
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _address = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            with connection:
                self._drip_to(connection)

    def _drip_to(self, connection: socket.socket) -> None:
        connection.settimeout(1)
        try:
            connection.recv(65536)  # the request (or the TLS client hello)
            connection.sendall(self.opening)
            for byte in self.drip:
                if self.stopping.wait(DRIP_INTERVAL):
                    return
                connection.sendall(bytes([byte]))
        except OSError:  # the sender hung up
            return

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=5)
        self.listener.close()


DRIPS = {
    # The status line and headers: no header read is allowed to take longer than the attempt.
    "headers": (b"HTTP/1.1 200 OK\r\n", b"X-Drip: " + b"a" * 40 + b"\r\n\r\nok"),
    # A 200 whose body comes a byte at a time.
    "body": (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", b"x" * 40),
    # The TLS handshake: a record header announcing 16 KiB, then its bytes one by one (CPython
    # bounds a whole handshake by the socket's timeout; the deadline must keep it bounded).
    "tls handshake": (b"\x16\x03\x03\x40\x00", b"\x00" * 40),
}


@pytest.fixture
def drip_receiver():
    started: list[DripReceiver] = []

    def start(kind: str) -> DripReceiver:
        opening, drip = DRIPS[kind]
        receiver = DripReceiver(opening=opening, drip=drip)
        started.append(receiver)
        return receiver

    yield start
    for receiver in started:
        receiver.stop()


@pytest.fixture
def short_timeout(settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = TIMEOUT
    settings.WEBHOOK_LEASE_MARGIN_SECONDS = 1  # the lease: 2 s, which the old drip far outlived
    settings.WEBHOOK_RETRY_SCHEDULE = [0, 0, 0]
    return settings


@pytest.mark.parametrize("kind", list(DRIPS))
def test_a_receiver_dripping_its_answer_is_cut_off_at_the_timeout(drip_receiver, endpoint_at, short_timeout, kind):
    receiver = drip_receiver(kind)
    scheme = "https" if kind == "tls handshake" else "http"
    endpoint, _secret = endpoint_at(f"{scheme}://127.0.0.1:{receiver.port}/hook")
    delivery = delivery_to(endpoint)

    started = time.monotonic()
    outcome = attempt_delivery(delivery_id=delivery.pk)
    elapsed = time.monotonic() - started

    assert elapsed < BOUND, f"the attempt took {elapsed:.1f} s with a {TIMEOUT} s timeout"
    assert outcome == sending.RETRY
    assert receiver.connections == 1
    attempt = delivery.attempt_log.get()
    assert attempt.error == f"Timed out after {TIMEOUT} s waiting for the receiver."
    assert attempt.status_code is None and attempt.duration_ms < BOUND * 1000
    delivery.refresh_from_db()
    # The attempt ended within its lease: it released it and scheduled the retry itself.
    assert (delivery.status, delivery.lease_until, delivery.attempts) == (Delivery.PENDING, None, 1)
    assert delivery.last_error == attempt.error


def test_a_purge_to_a_dripping_cdn_is_cut_off_too(drip_receiver, short_timeout):
    receiver = drip_receiver("headers")
    short_timeout.FASTLY_SERVICE_ID, short_timeout.FASTLY_API_TOKEN = "service-1", "fastly-token"
    short_timeout.FASTLY_API_URL = f"http://127.0.0.1:{receiver.port}"
    (purge,) = record_change(tags={"content:a"})

    started = time.monotonic()
    outcome = attempt_delivery(delivery_id=purge.pk)
    elapsed = time.monotonic() - started

    assert elapsed < BOUND, f"the attempt took {elapsed:.1f} s with a {TIMEOUT} s timeout"
    assert outcome == sending.RETRY
    assert "Timed out" in purge.attempt_log.get().error


@pytest.fixture
def hanging_resolver(monkeypatch):
    """Host names take 30 s to look up (a DNS server that does not answer); numbers at once."""
    released = threading.Event()
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in ("127.0.0.1", "::1"):
            released.wait(30)
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield
    released.set()  # the look-ups given up on end now


def test_a_dns_look_up_that_hangs_is_given_up_when_saving(short_timeout, hanging_resolver):
    started = time.monotonic()
    with pytest.raises(HostNotFound, match=f"did not resolve within {TIMEOUT} s"):
        vet_address("https://hooks.example.com/hook")
    with pytest.raises(ValidationError, match="did not resolve"):
        validate_endpoint_url("https://hooks.example.com/hook")
    assert time.monotonic() - started < 2 * BOUND


def test_a_dns_look_up_that_hangs_at_delivery_is_retried_within_the_timeout(endpoint_at, short_timeout, monkeypatch):
    short_timeout.WEBHOOK_ALLOW_LOOPBACK = False
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port))],
    )
    endpoint, _secret = endpoint_at("https://hooks.example.com/content")
    released = threading.Event()

    def hangs(*args, **kwargs):
        released.wait(30)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", hangs)
    sent = []
    monkeypatch.setattr(sending, "post", lambda **kwargs: sent.append(kwargs))
    delivery = delivery_to(endpoint)
    try:
        started = time.monotonic()
        assert attempt_delivery(delivery_id=delivery.pk) == sending.RETRY
        assert time.monotonic() - started < BOUND
    finally:
        released.set()
    assert sent == []
    assert "hooks.example.com did not resolve within 1 s" in delivery.attempt_log.get().error
    endpoint.refresh_from_db()
    assert endpoint.flagged_at is None


def test_a_purge_host_that_hangs_in_dns_is_retried_within_the_timeout(short_timeout, hanging_resolver):
    short_timeout.FASTLY_SERVICE_ID, short_timeout.FASTLY_API_TOKEN = "service-1", "fastly-token"
    short_timeout.FASTLY_API_URL = "http://api.fastly.example"
    (purge,) = record_change(tags={"content:a"})

    started = time.monotonic()
    assert attempt_delivery(delivery_id=purge.pk) == sending.RETRY
    assert time.monotonic() - started < BOUND
    assert "api.fastly.example did not resolve within" in purge.attempt_log.get().error


def test_a_purge_host_is_tried_at_each_of_its_addresses(httpserver, short_timeout, monkeypatch):
    """The CDN's host is looked up first (bounded) and its addresses tried in turn, as urllib3
    did when it looked the host up itself."""
    httpserver.expect_request("/service/service-1/purge").respond_with_data("{}")
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, *a, **k: [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in ("127.0.0.2", "127.0.0.1")
        ],
    )
    short_timeout.FASTLY_SERVICE_ID, short_timeout.FASTLY_API_TOKEN = "service-1", "fastly-token"
    short_timeout.FASTLY_API_URL = f"http://purge.example:{httpserver.port}"
    (purge,) = record_change(tags={"content:a"})

    assert attempt_delivery(delivery_id=purge.pk) == sending.DELIVERED
    request, _response = httpserver.log[0]
    assert request.headers["Host"] == f"purge.example:{httpserver.port}"
