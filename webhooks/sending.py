"""One attempt at one delivery: claim it, send it, record what happened, decide what comes next.

A delivery is claimed with one conditional UPDATE (pending, due, not leased by a live attempt), so
however many workers run on however many machines, one delivery is sent by one of them at a time;
a worker that dies mid-attempt leaves a lease that expires, and the delivery is attempted again
with the same ``webhook-id`` (at-least-once: receivers deduplicate by it).

Webhooks follow Standard Webhooks: the compact JSON body is exactly the bytes signed, with
``webhook-id``, ``webhook-timestamp`` and ``webhook-signature`` (``v1,<base64>`` for the current
secret, and for the previous one while a rotation overlaps). The request goes to the address
``webhooks.addresses`` vetted just before, never follows a redirect, and waits at most
``WEBHOOK_TIMEOUT_SECONDS`` for the whole attempt (looking the host up, connecting, TLS, sending,
and reading the answer: a receiver that drips its answer a byte at a time is cut off at the
deadline, so an attempt never outlives its lease). An event of one clinic is never sent to an
endpoint whose client has since moved to another clinic (stopped, nobody flagged). A 2xx delivers; a timeout, a connection error, 408, 429 or a 5xx is
retried after ``WEBHOOK_RETRY_SCHEDULE`` (jittered, or later if Retry-After says so) until the
schedule runs out (given up); any other answer stops at once. Stopping or giving up flags the
endpoint and e-mails the administrators once per flag; the next success clears the flag.
"""

import contextlib
import datetime
import ipaddress
import json
import logging
import random
import socket
import threading
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import urllib3
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from standardwebhooks import Webhook
from urllib3.connection import HTTPConnection, HTTPSConnection

from . import purges
from .addresses import AddressRefused, EndpointUrl, parse_endpoint_url, resolve_host, resolve_timeout, vet_address
from .models import Delivery, DeliveryAttempt, WebhookEndpoint
from .secrets import SigningSecretUnreadable, decrypt_secret

logger = logging.getLogger(__name__)

DELIVERED = DeliveryAttempt.DELIVERED
RETRY = DeliveryAttempt.RETRY
STOPPED = DeliveryAttempt.STOPPED
GIVEN_UP = DeliveryAttempt.GIVEN_UP

USER_AGENT = "ClinicNetwork-Webhooks/1.0 (Standard Webhooks; +https://www.standardwebhooks.com/)"
EXCERPT_CHARACTERS = 1000
RETRYABLE_STATUSES = frozenset({408, 429})
RETRY_AFTER_STATUSES = frozenset({429, 503})
MAX_RETRY_AFTER = datetime.timedelta(hours=24)
JITTER = 0.2
CLINIC_CHANGED = "The endpoint's client now belongs to another clinic: this clinic's change is not sent to it."
_STATUS_FOR_OUTCOME = {
    DELIVERED: Delivery.DELIVERED,
    RETRY: Delivery.PENDING,
    STOPPED: Delivery.STOPPED,
    GIVEN_UP: Delivery.GIVEN_UP,
}


@dataclass(kw_only=True)
class AttemptResult:
    """What one attempt came to, before the schedule decides what follows."""

    status_code: int | None = None
    excerpt: str = ""
    error: str = ""
    retryable: bool = False
    retry_after: float | None = None
    # False when the delivery was stopped for a reason that is no fault of the receiver (its
    # endpoint was deactivated): then nobody is told and nothing is flagged.
    flags: bool = True

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300 and not self.error


def lease_seconds() -> float:
    return float(settings.WEBHOOK_TIMEOUT_SECONDS) + float(getattr(settings, "WEBHOOK_LEASE_MARGIN_SECONDS", 30))


def due_deliveries(*, now: datetime.datetime) -> Q:
    """Pending, due, and not held by a live attempt: what a worker may claim."""
    return Q(status=Delivery.PENDING, next_attempt_at__lte=now) & (Q(lease_until__isnull=True) | Q(lease_until__lt=now))


def claim_delivery(*, delivery_id: int, now: datetime.datetime) -> datetime.datetime | None:
    """The lease this worker now holds on the delivery, or None when it is not to be attempted
    (another worker holds it, it is not due, or it is finished)."""
    lease_until = now + datetime.timedelta(seconds=lease_seconds())
    claimed = Delivery.objects.filter(due_deliveries(now=now), pk=delivery_id).update(
        lease_until=lease_until, attempts=F("attempts") + 1
    )
    return lease_until if claimed else None


def attempt_delivery(*, delivery_id: int) -> str | None:
    """Attempt the delivery once if it is due and nobody else is attempting it; the outcome
    (delivered, retry, stopped, given_up), or None when there was nothing to attempt."""
    now = timezone.now()
    lease_until = claim_delivery(delivery_id=delivery_id, now=now)
    if lease_until is None:
        return None
    delivery = Delivery.objects.select_related("endpoint__client").get(pk=delivery_id)
    clock = time.monotonic()
    try:
        result = send(delivery=delivery, now=now)
    except Exception as error:  # a fault of ours: keep the delivery, try again on the schedule
        logger.exception("Delivery %s failed unexpectedly", delivery_id)
        result = AttemptResult(error=f"Unexpected error in the sender: {type(error).__name__}", retryable=True)
    duration_ms = round((time.monotonic() - clock) * 1000)
    outcome, next_attempt_at = decide(delivery=delivery, result=result, now=timezone.now())
    held = record_attempt(
        delivery=delivery,
        lease_until=lease_until,
        started_at=now,
        duration_ms=duration_ms,
        result=result,
        outcome=outcome,
        next_attempt_at=next_attempt_at,
    )
    _log_attempt(delivery=delivery, result=result, outcome=outcome, duration_ms=duration_ms, held=held)
    return outcome


def send(*, delivery: Delivery, now: datetime.datetime) -> AttemptResult:
    if delivery.destination == Delivery.WEBHOOK:
        return send_webhook(delivery=delivery, now=now)
    return send_purge(delivery=delivery)


def attempt_deadline() -> float:
    """When an attempt starting now must be over (``time.monotonic()``)."""
    return time.monotonic() + float(settings.WEBHOOK_TIMEOUT_SECONDS)


def belongs_to_another_clinic(*, delivery: Delivery, client_clinic_id: int | None) -> bool:
    """Whether the delivery is one clinic's event while the endpoint's client now belongs to
    another (a network-wide client, with no clinic, hears every clinic)."""
    return client_clinic_id is not None and delivery.clinic_id is not None and delivery.clinic_id != client_clinic_id


def send_webhook(*, delivery: Delivery, now: datetime.datetime) -> AttemptResult:
    deadline = attempt_deadline()
    endpoint = delivery.endpoint
    if endpoint is None:
        return AttemptResult(error="The endpoint was deleted.", flags=False)
    if not endpoint.active or not endpoint.client.is_active:
        return AttemptResult(error="The endpoint (or its client) was deactivated; nothing was sent.", flags=False)
    if belongs_to_another_clinic(delivery=delivery, client_clinic_id=endpoint.client.clinic_id):
        return AttemptResult(error=CLINIC_CHANGED, flags=False)
    try:
        secrets = signing_secrets(endpoint=endpoint, now=now)
    except SigningSecretUnreadable as error:
        return AttemptResult(error=str(error))
    try:
        address = vet_address(endpoint.url)
    except AddressRefused as error:
        return AttemptResult(error=f"Not sent: {error}", retryable=error.retryable)
    body = webhook_body(payload=delivery.payload)
    headers = {
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": sign(secrets=secrets, message_id=delivery.message_id, timestamp=now, body=body),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }
    return post(url=address, connect_to=address.ip, body=body.encode(), headers=headers, deadline=deadline)


def send_purge(*, delivery: Delivery) -> AttemptResult:
    deadline = attempt_deadline()
    try:
        request = purges.purge_request(destination=delivery.destination, payload=delivery.payload)
        url = parse_endpoint_url(request.url) if _allows_http() else _https_only(request.url)
    except purges.PurgeNotConfigured as error:
        return AttemptResult(error=str(error), flags=False)
    except AddressRefused as error:
        return AttemptResult(error=f"Not sent: {error}")
    headers = {"user-agent": USER_AGENT, **request.headers}
    result = post(url=url, connect_to=url.hostname, body=request.body, headers=headers, deadline=deadline)
    refusal = purges.refusal_in_answer(destination=delivery.destination, body=result.excerpt)
    if result.succeeded and refusal:
        result.error = refusal
    return result


def _allows_http() -> bool:
    return bool(getattr(settings, "WEBHOOK_ALLOW_LOOPBACK", False))


def _https_only(url: str) -> EndpointUrl:
    try:
        scheme = urlsplit(url).scheme
    except ValueError:
        scheme = ""
    if scheme != "https":
        raise AddressRefused("CDN purges are only sent over https.")
    return parse_endpoint_url(url)


def webhook_body(*, payload: dict) -> str:
    """The exact text signed and sent: compact JSON."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


def signing_secrets(*, endpoint: WebhookEndpoint, now: datetime.datetime) -> list[str]:
    """The endpoint's current secret, and the previous one while a rotation overlaps."""
    secrets = [decrypt_secret(encrypted=endpoint.encrypted_secret)]
    expires = endpoint.previous_secret_expires_at
    if endpoint.encrypted_previous_secret and expires is not None and expires > now:
        secrets.append(decrypt_secret(encrypted=endpoint.encrypted_previous_secret))
    return secrets


def sign(*, secrets: list[str], message_id: str, timestamp: datetime.datetime, body: str) -> str:
    utc = timestamp.astimezone(datetime.UTC)
    return " ".join(Webhook(secret).sign(message_id, utc, body) for secret in secrets)


class _Deadline:
    """The wall-clock end of one request. urllib3's timeouts bound each socket operation, so a
    receiver that drips a byte at a time (in the TLS handshake, the status line, the headers or
    the body) could hold an attempt far longer; at the deadline a timer shuts down every socket
    opened for the request, and whatever read or write is blocked on it returns at once."""

    def __init__(self, at: float) -> None:
        self.at = at
        self.expired = False
        self._finished = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(max(0.0, at - time.monotonic()), self._expire)
        self._timer.daemon = True

    def __enter__(self) -> "_Deadline":
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()
        with self._lock:
            self._finished = True
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            sock.close()

    def watch(self, sock: socket.socket) -> None:
        """Shut ``sock`` down at the deadline, through a descriptor of its own: the connection's
        is handed over to TLS, or closed, meanwhile (and its number may then be reused)."""
        own = sock.dup()
        with self._lock:
            if not self.expired and not self._finished:
                self._sockets.append(own)
                return
            if self.expired:
                _shut_down(own)
        own.close()

    def _expire(self) -> None:
        with self._lock:
            if self._finished:
                return
            self.expired = True
            for sock in self._sockets:
                _shut_down(sock)


def _shut_down(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed by the other side
        sock.shutdown(socket.SHUT_RDWR)


class _WatchedConnection:
    """A urllib3 connection whose socket the request's deadline shuts down."""

    def __init__(self, *args, deadline: _Deadline, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.deadline = deadline

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()  # connecting is bounded by the timeout, set to the time left
        self.deadline.watch(sock)
        return sock


class _WatchedHTTPConnection(_WatchedConnection, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_WatchedConnection, HTTPSConnection):
    pass


class _HTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _HTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


def _timed_out() -> AttemptResult:
    return AttemptResult(
        error=f"Timed out after {settings.WEBHOOK_TIMEOUT_SECONDS:g} s waiting for the receiver.", retryable=True
    )


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def post(
    *, url: EndpointUrl, connect_to: str, body: bytes, headers: dict[str, str], deadline: float | None = None
) -> AttemptResult:
    """POST ``body`` to ``url`` through a connection to ``connect_to`` (the vetted address; a
    host name is looked up first, each of its addresses tried in turn), verifying TLS against the
    URL's host name; no redirect followed, no retry here. Over by ``deadline`` (``time.monotonic()``;
    ``WEBHOOK_TIMEOUT_SECONDS`` from now unless given), whatever the receiver does."""
    at = attempt_deadline() if deadline is None else deadline
    addresses = [connect_to]
    if not _is_ip(connect_to):
        try:
            addresses = resolve_host(
                hostname=connect_to, port=url.port, timeout=min(resolve_timeout(), max(0.0, at - time.monotonic()))
            )
        except AddressRefused as error:
            return AttemptResult(error=f"Not sent: {error}", retryable=error.retryable)
    for number, address in enumerate(addresses, start=1):
        result, connected = _post_once(url=url, connect_to=address, body=body, headers=headers, at=at)
        if connected or number == len(addresses) or time.monotonic() >= at:
            return result
    raise AssertionError("unreachable: the last address returns")  # pragma: no cover


def _post_once(
    *, url: EndpointUrl, connect_to: str, body: bytes, headers: dict[str, str], at: float
) -> tuple[AttemptResult, bool]:
    """One request to one address, over by ``at``; what it came to, and whether it connected
    (False: the next address may be tried, nothing was sent)."""
    remaining = at - time.monotonic()
    if remaining <= 0:
        return _timed_out(), True
    deadline = _Deadline(at)
    common = {
        "host": connect_to,
        "port": url.port,
        "timeout": urllib3.Timeout(total=remaining),
        "retries": False,
        "maxsize": 1,
        "deadline": deadline,
    }
    pool: urllib3.HTTPConnectionPool
    if url.scheme == "https":
        pool = _HTTPSPool(
            **common, server_hostname=url.hostname, assert_hostname=url.hostname, cert_reqs="CERT_REQUIRED"
        )
    else:
        pool = _HTTPPool(**common)
    try:
        with deadline, pool:
            response = pool.urlopen(
                "POST",
                url.target,
                body=body,
                headers={"Host": url.host_header, **headers},
                redirect=False,
                retries=False,
                assert_same_host=False,
                preload_content=False,
            )
            try:
                text = response.read(EXCERPT_CHARACTERS * 4, decode_content=True)
            finally:
                response.release_conn()
    except urllib3.exceptions.HTTPError as error:
        if deadline.expired:  # the deadline cut the connection: whatever broke, it was the wait
            return _timed_out(), True
        return AttemptResult(error=_describe(error), retryable=True), not isinstance(
            error, urllib3.exceptions.NewConnectionError
        )
    except OSError as error:
        if deadline.expired:
            return _timed_out(), True
        return AttemptResult(error=f"Connection failed: {error}", retryable=True), True
    if deadline.expired:  # what was read may be cut short
        return _timed_out(), True
    status = response.status
    return AttemptResult(
        status_code=status,
        excerpt=text.decode("utf-8", errors="replace")[:EXCERPT_CHARACTERS],
        retryable=status >= 500 or status in RETRYABLE_STATUSES,
        retry_after=_retry_after(response.headers.get("Retry-After")) if status in RETRY_AFTER_STATUSES else None,
    ), True


def _describe(error: Exception) -> str:
    if isinstance(error, urllib3.exceptions.NewConnectionError):  # (a ConnectTimeoutError subclass)
        return "Could not connect: nothing answered at the address (connection refused or unreachable)."
    if isinstance(error, urllib3.exceptions.TimeoutError):
        return f"Timed out after {settings.WEBHOOK_TIMEOUT_SECONDS:g} s waiting for the receiver."
    if isinstance(error, urllib3.exceptions.SSLError):
        return f"TLS failed: {error}"[:500]
    if isinstance(error, urllib3.exceptions.ProtocolError):
        return f"The connection broke before an answer: {error}"[:500]
    return f"{type(error).__name__}: {error}"[:500]


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, (when - timezone.now()).total_seconds())


def decide(
    *, delivery: Delivery, result: AttemptResult, now: datetime.datetime
) -> tuple[str, datetime.datetime | None]:
    """The outcome of an attempt, and when the next one is due if it is retried.

    ``delivery`` was read after the claim, so ``attempts`` counts this attempt: after the n-th
    failed attempt the wait is the schedule's n-th entry, and past its end the delivery is given up."""
    if result.succeeded:
        return DELIVERED, None
    if not result.retryable:
        return STOPPED, None
    schedule = list(settings.WEBHOOK_RETRY_SCHEDULE)
    if delivery.attempts > len(schedule):
        return GIVEN_UP, None
    wait = float(schedule[delivery.attempts - 1]) * random.uniform(1 - JITTER, 1 + JITTER)  # noqa: S311 (jitter)
    if result.retry_after is not None:
        wait = max(wait, min(result.retry_after, MAX_RETRY_AFTER.total_seconds()))
    return RETRY, now + datetime.timedelta(seconds=wait)


def record_attempt(
    *,
    delivery: Delivery,
    lease_until: datetime.datetime,
    started_at: datetime.datetime,
    duration_ms: int,
    result: AttemptResult,
    outcome: str,
    next_attempt_at: datetime.datetime | None,
) -> bool:
    """Log the attempt and move the delivery on, releasing the lease; False when the lease was
    lost meanwhile (the attempt outlived it and another worker took over: the log keeps both)."""
    finished = timezone.now()
    status = _STATUS_FOR_OUTCOME[outcome]
    changes = {
        "status": status,
        "lease_until": None,
        "last_status_code": result.status_code,
        "last_error": result.error,
    }
    if outcome == RETRY:
        changes["next_attempt_at"] = next_attempt_at
    if outcome == DELIVERED:
        changes["delivered_at"] = finished
    first_flag = False
    with transaction.atomic():
        DeliveryAttempt.objects.create(
            delivery=delivery,
            started_at=started_at,
            duration_ms=duration_ms,
            status_code=result.status_code,
            response_excerpt=result.excerpt,
            error=result.error,
            outcome=outcome,
        )
        held = bool(Delivery.objects.filter(pk=delivery.pk, lease_until=lease_until).update(**changes))
        if held and delivery.endpoint_id is not None:
            if outcome == DELIVERED:
                clear_flag(endpoint_id=delivery.endpoint_id)
            elif outcome in (STOPPED, GIVEN_UP) and result.flags:
                first_flag = flag_endpoint(
                    endpoint_id=delivery.endpoint_id,
                    reason=failure_reason(delivery=delivery, result=result, outcome=outcome),
                    now=finished,
                )
        elif held and outcome in (STOPPED, GIVEN_UP) and result.flags:
            first_flag = is_first_purge_failure(delivery=delivery)
    if first_flag:
        tell_administrators(delivery=delivery, reason=failure_reason(delivery=delivery, result=result, outcome=outcome))
    return held


def failure_reason(*, delivery: Delivery, result: AttemptResult, outcome: str) -> str:
    what = result.error or f"the receiver answered {result.status_code}."
    if result.error and result.status_code is not None:
        what = f"the receiver answered {result.status_code}: {result.error}"
    if outcome == GIVEN_UP:
        return f"Given up after {delivery.attempts} attempts over the whole retry schedule; the last: {what}"
    return f"Stopped at attempt {delivery.attempts} ({delivery.event_type}, {delivery.message_id}): {what}"


def flag_endpoint(*, endpoint_id: int, reason: str, now: datetime.datetime) -> bool:
    """Flag the endpoint; True when it was not flagged yet (then the administrators are told)."""
    flagged = WebhookEndpoint.objects.filter(pk=endpoint_id, flagged_at__isnull=True).update(
        flagged_at=now, flag_reason=reason
    )
    if not flagged:
        WebhookEndpoint.objects.filter(pk=endpoint_id).update(flag_reason=reason)
    return bool(flagged)


def clear_flag(*, endpoint_id: int) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint_id, flagged_at__isnull=False).update(flagged_at=None, flag_reason="")


def is_first_purge_failure(*, delivery: Delivery) -> bool:
    """A CDN has no endpoint to flag: its failure is told when the one before it went through."""
    previous = (
        DeliveryAttempt.objects.filter(
            delivery__destination=delivery.destination, outcome__in=[DELIVERED, STOPPED, GIVEN_UP]
        )
        .exclude(delivery=delivery)
        .order_by("-pk")
        .values_list("outcome", flat=True)
        .first()
    )
    return previous in (None, DELIVERED)


def tell_administrators(*, delivery: Delivery, reason: str) -> None:
    """E-mail every active superuser that deliveries to this destination stopped."""
    recipients = list(
        get_user_model()
        .objects.filter(is_superuser=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return
    if delivery.endpoint is not None:
        endpoint = delivery.endpoint
        subject = f"Webhooks to {_loggable(endpoint.url)} stopped"
        body = (
            f"The webhook endpoint {_loggable(endpoint.url)} of {endpoint.client} no longer receives "
            f"the clinic's changes.\n\n{reason}\n\nFix the receiver (or the address), then use "
            "Redeliver on the failed deliveries in the admin's webhook deliveries; the flag clears at "
            "the next successful delivery."
        )
    else:
        subject = f"{delivery.get_destination_display()} failed"
        body = (
            f"Purging cache tags at the CDN failed.\n\n{reason}\n\nCheck the CDN's settings (service or "
            "zone id, API token), then redeliver the failed purges in the admin."
        )
    try:
        send_mail(subject, body, None, recipients)
    except Exception:
        logger.warning("Could not e-mail the administrators that %s", subject, exc_info=True)


def _loggable(url: str) -> str:
    """An address without its query (a receiver may put a token there) for logs and e-mails."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not a valid URL (refused before sending): what is safe to show of it
        scheme, separator, rest = url.partition("://")
        netloc, slash, path = rest.partition("?")[0].partition("/")
        return f"{scheme}{separator}{netloc.rpartition('@')[2]}{slash}{path}"[:200]
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}{parts.path}"


def _log_attempt(*, delivery: Delivery, result: AttemptResult, outcome: str, duration_ms: int, held: bool) -> None:
    target = _loggable(delivery.endpoint.url) if delivery.endpoint is not None else delivery.destination
    answer = str(result.status_code) if result.status_code is not None else "no answer"
    line = (
        f"delivery={delivery.pk} id={delivery.message_id} type={delivery.event_type} to={target} "
        f"attempt={delivery.attempts} answer={answer} ms={duration_ms} outcome={outcome}"
    )
    if result.error:
        line += f" error={result.error!r}"
    if not held:
        line += " (lease lost: another worker took the delivery over)"
    logger.log(logging.INFO if outcome in (DELIVERED, RETRY) else logging.WARNING, line)
