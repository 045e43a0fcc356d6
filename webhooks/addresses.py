"""Where a webhook may be sent: public https addresses only, checked when an endpoint is saved
and again, after resolving its host, right before every delivery (protection against server-side
request forgery: an endpoint must never make the platform call its own network, the cloud's
metadata service or this machine).

Refused: a scheme other than https (http too when ``WEBHOOK_ALLOW_LOOPBACK``), credentials in
the URL, ports below 1024 other than 80 and 443, and a host any of whose addresses is private,
loopback, link-local, multicast, reserved, unspecified or in the shared (carrier-grade NAT)
space, or an IPv6 form of such an IPv4 address (IPv4-mapped, IPv4-compatible, 6to4, NAT64).
``WEBHOOK_ALLOW_LOOPBACK`` (development and tests) lets through 127.0.0.0/8 and ::1 and http,
nothing else private. The sender connects to the exact address vetted here
(``VettedAddress.ip``), so a DNS answer that changes after the check cannot redirect it.

A look-up waits at most ``RESOLVE_TIMEOUT_SECONDS`` (or ``WEBHOOK_TIMEOUT_SECONDS`` when shorter):
``socket.getaddrinfo`` has no timeout of its own, so it runs in a thread of its own and a DNS
server that does not answer is ``HostNotFound`` (retried when delivering).
"""

import ipaddress
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

MAX_URL_LENGTH = 500
RESOLVE_TIMEOUT_SECONDS = 5.0
ALLOWED_LOW_PORTS = (80, 443)
_SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")
_NAT64_PREFIXES = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_LOOPBACK_V4 = ipaddress.ip_network("127.0.0.0/8")
_LOOPBACK_V6 = ipaddress.ip_address("::1")
_PUBLIC_ONLY = "webhook addresses must be reachable on the public internet."


class AddressRefused(Exception):
    """The URL may never be called as it stands (a message for the admin and the attempt log)."""

    retryable = False


class HostNotFound(AddressRefused):
    """The host does not resolve now: a validation error when saving, a retry when delivering."""

    retryable = True


@dataclass(frozen=True, kw_only=True)
class EndpointUrl:
    scheme: str
    hostname: str
    port: int
    target: str

    @property
    def host_header(self) -> str:
        host = f"[{self.hostname}]" if ":" in self.hostname else self.hostname
        default_port = 443 if self.scheme == "https" else 80
        return host if self.port == default_port else f"{host}:{self.port}"


@dataclass(frozen=True, kw_only=True)
class VettedAddress(EndpointUrl):
    """An endpoint URL and the one address, checked, that the sender connects to."""

    ip: str


def _allow_loopback() -> bool:
    return bool(getattr(settings, "WEBHOOK_ALLOW_LOOPBACK", False))


def parse_endpoint_url(url: str) -> EndpointUrl:
    """The URL's parts, or ``AddressRefused`` saying what is wrong with it (no DNS look-up)."""
    _check_text(url)
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError as error:  # an unbalanced "[" or "]", or brackets round no IPv6 address
        raise AddressRefused(
            f"The address is not a valid URL ({error}): check the host name; an IPv6 address goes "
            "in brackets, e.g. https://[2001:db8::1]/webhooks."
        ) from error
    scheme = parts.scheme.lower()
    if scheme != "https" and not (scheme == "http" and _allow_loopback()):
        raise AddressRefused("Use an https:// address: webhooks are only sent over https.")
    if parts.username is not None or parts.password is not None:
        raise AddressRefused(
            "Remove the user name and password from the address; the signature authenticates each webhook."
        )
    target = parts.path or "/"
    if parts.query:
        target = f"{target}?{parts.query}"
    return EndpointUrl(scheme=scheme, hostname=_hostname(hostname), port=_port(parts, scheme), target=target)


def _check_text(url: str) -> None:
    if not isinstance(url, str) or not url.strip():
        raise AddressRefused("Enter the webhook's address, e.g. https://www.example.com/webhooks/content.")
    if len(url) > MAX_URL_LENGTH:
        raise AddressRefused(f"The address is longer than {MAX_URL_LENGTH} characters.")
    if any(character.isspace() or ord(character) < 32 or character == "\\" for character in url):
        raise AddressRefused("The address contains spaces, control characters or backslashes.")


def _port(parts: SplitResult, scheme: str) -> int:
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as error:
        raise AddressRefused("The address's port is not a number between 1 and 65535.") from error
    if port < 1024 and port not in ALLOWED_LOW_PORTS:
        raise AddressRefused(f"Port {port} is not allowed: use 443, 80 or a port from 1024 up.")
    return port


def _hostname(hostname: str | None) -> str:
    """The host as connected to: an IP literal as is, a name in lower-case ASCII (IDNA)."""
    if not hostname:
        raise AddressRefused("The address has no host name.")
    if _ip_literal(hostname) is not None:
        return hostname
    try:
        ascii_name = hostname.rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError as error:
        raise AddressRefused(f"{hostname} is not a valid host name.") from error
    if not ascii_name:
        raise AddressRefused("The address has no host name.")
    return ascii_name


def _ip_literal(hostname: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(hostname)
    except ValueError:
        return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for, in the forms that reach one."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if any(ip in prefix for prefix in _NAT64_PREFIXES):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if int(ip) >> 32 == 0 and int(ip) > 1:  # IPv4-compatible (::a.b.c.d, deprecated)
        return ipaddress.IPv4Address(int(ip))
    return None


def _is_plain_loopback(ip: IPAddress) -> bool:
    if isinstance(ip, ipaddress.IPv4Address):
        return ip in _LOOPBACK_V4
    return ip == _LOOPBACK_V6


# What kind of non-public address an address is: the first test that holds names it.
_NOT_PUBLIC: tuple[tuple[Callable[[IPAddress], bool], str], ...] = (
    (lambda ip: ip.is_unspecified, "the unspecified address"),
    (lambda ip: ip.is_loopback or _is_plain_loopback(ip), "a loopback address (this machine)"),
    (lambda ip: ip.is_link_local, "a link-local address (such as a cloud metadata service)"),
    (lambda ip: ip.is_multicast, "a multicast address"),
    (lambda ip: ip in _SHARED_ADDRESS_SPACE, "a shared (carrier-grade NAT) address"),
    (lambda ip: ip.is_reserved, "a reserved address"),
    (lambda ip: ip.is_private, "a private network address"),
    (lambda ip: not ip.is_global, "not a public internet address"),
)


def _ipv6_form_refusal(ip: ipaddress.IPv6Address) -> str | None:
    if ip.scope_id:
        return "a link-local address with a zone"
    embedded = _embedded_ipv4(ip)
    if embedded is not None:
        inner = address_refusal(embedded, allow_loopback=False)
        if inner is not None:
            return f"an IPv6 form of {embedded}, {inner}"
    if ip.ipv4_mapped is not None:
        return "an IPv4-mapped IPv6 address (use the IPv4 address itself)"
    return None


def address_refusal(ip: IPAddress, *, allow_loopback: bool) -> str | None:
    """What kind of non-public address ``ip`` is, or None when a webhook may go there."""
    if allow_loopback and _is_plain_loopback(ip):
        return None
    if isinstance(ip, ipaddress.IPv6Address):
        refusal = _ipv6_form_refusal(ip)
        if refusal is not None:
            return refusal
    return next((kind for holds, kind in _NOT_PUBLIC if holds(ip)), None)


class LookUpTimedOut(Exception):
    """The resolver did not answer in time."""


def resolve_timeout() -> float:
    """How long a look-up may take: ``RESOLVE_TIMEOUT_SECONDS``, or less when webhooks wait less."""
    return min(RESOLVE_TIMEOUT_SECONDS, float(settings.WEBHOOK_TIMEOUT_SECONDS))


def _getaddrinfo_within(hostname: str, port: int, *, timeout: float) -> list:
    """``socket.getaddrinfo`` in a thread of its own, given up after ``timeout`` seconds
    (``LookUpTimedOut``; the thread, a daemon, ends when the resolver's own timeout does)."""
    outcome: dict = {}

    def look_up() -> None:
        try:
            outcome["answers"] = socket.getaddrinfo(hostname, port, type=socket.SOCK_STREAM)
        except BaseException as error:  # handed to the caller
            outcome["error"] = error

    thread = threading.Thread(target=look_up, name=f"getaddrinfo {hostname[:60]}", daemon=True)
    thread.start()
    thread.join(max(0.0, timeout))
    if thread.is_alive():
        raise LookUpTimedOut(hostname)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["answers"]


def resolve_host(*, hostname: str, port: int, timeout: float | None = None) -> list[str]:
    """Every address the host resolves to now (``HostNotFound`` when none, or when the look-up
    takes longer than ``timeout`` seconds: ``resolve_timeout()`` unless given)."""
    timeout = resolve_timeout() if timeout is None else timeout
    try:
        answers = _getaddrinfo_within(hostname, port, timeout=timeout)
    except LookUpTimedOut as error:
        raise HostNotFound(
            f"{hostname} did not resolve within {timeout:.3g} s (the DNS server did not answer in time)."
        ) from error
    except UnicodeError as error:
        raise AddressRefused(f"{hostname} is not a valid host name.") from error
    except OSError as error:  # socket.gaierror, and resolvers that fail otherwise
        raise HostNotFound(f"{hostname} does not resolve to an address ({error.strerror or error}).") from error
    addresses = list(dict.fromkeys(str(answer[4][0]) for answer in answers))
    if not addresses:
        raise HostNotFound(f"{hostname} does not resolve to an address.")
    return addresses


def vet_address(url: str, *, dns_timeout: float | None = None) -> VettedAddress:
    """The address to connect to for ``url``, resolved now (waiting at most ``dns_timeout``
    seconds) and checked: every address the host resolves to must be public (one private answer
    refuses the host)."""
    parsed = parse_endpoint_url(url)
    allow_loopback = _allow_loopback()
    literal = _ip_literal(parsed.hostname)
    if literal is not None:
        refusal = address_refusal(literal, allow_loopback=allow_loopback)
        if refusal is not None:
            raise AddressRefused(f"{parsed.hostname} is {refusal}; {_PUBLIC_ONLY}")
        return VettedAddress(**_fields(parsed), ip=str(literal))
    addresses = resolve_host(hostname=parsed.hostname, port=parsed.port, timeout=dns_timeout)
    for address in addresses:
        refusal = address_refusal(ipaddress.ip_address(address), allow_loopback=allow_loopback)
        if refusal is not None:
            raise AddressRefused(f"{parsed.hostname} resolves to {address}, {refusal}; {_PUBLIC_ONLY}")
    return VettedAddress(**_fields(parsed), ip=addresses[0])


def _fields(parsed: EndpointUrl) -> dict:
    return {"scheme": parsed.scheme, "hostname": parsed.hostname, "port": parsed.port, "target": parsed.target}


def validate_endpoint_url(url: str) -> None:
    """The admin form's and the services' check: a ``ValidationError`` with a clear message."""
    try:
        vet_address(url)
    except HostNotFound as error:
        raise ValidationError(
            f"{error} Check the spelling, or add the DNS record first.", code="webhook_host_not_found"
        ) from error
    except AddressRefused as error:
        raise ValidationError(str(error), code="unsafe_webhook_url") from error
