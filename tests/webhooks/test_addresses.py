"""Where webhooks may go: public https addresses only (server-side request forgery)."""

import socket

import pytest
from django.core.exceptions import ValidationError

from webhooks.addresses import AddressRefused, HostNotFound, validate_endpoint_url, vet_address


@pytest.fixture
def production_rules(settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    return settings


@pytest.fixture
def resolves_to(monkeypatch):
    """Make every host name resolve to the given addresses (what a DNS answer would say)."""

    def answer(*addresses: str) -> None:
        def getaddrinfo(host, port, *args, **kwargs):
            return [
                (socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))
                for address in addresses
            ]

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)

    return answer


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("https://10.0.0.1/hook", "private network"),
        ("https://192.168.1.1/hook", "private network"),
        ("https://172.16.0.1/hook", "private network"),
        ("https://127.0.0.1/hook", "loopback"),
        ("https://169.254.169.254/latest/meta-data/", "link-local"),
        ("https://[::1]/hook", "loopback"),
        ("https://[fe80::1]/hook", "link-local"),
        ("https://[::ffff:127.0.0.1]/hook", "IPv6 form of 127.0.0.1, a loopback"),
        ("https://[::ffff:10.0.0.1]/hook", "IPv6 form of 10.0.0.1, a private network"),
        ("https://[::ffff:8.8.8.8]/hook", "IPv4-mapped"),
        ("https://[64:ff9b::a00:1]/hook", "IPv6 form of 10.0.0.1"),
        ("https://[2002:a00:1::]/hook", "IPv6 form of 10.0.0.1"),
        ("https://[::a00:1]/hook", "IPv6 form of 10.0.0.1"),
        ("https://[fd00::1]/hook", "private network"),
        ("https://100.64.0.1/hook", "shared (carrier-grade NAT)"),
        ("https://0.0.0.0/hook", "unspecified"),
        ("https://224.0.0.1/hook", "multicast"),
        ("https://240.0.0.1/hook", "reserved"),
    ],
)
def test_addresses_that_are_not_public_are_refused(production_rules, url, says):
    with pytest.raises(ValidationError) as refused:
        validate_endpoint_url(url)
    assert says in refused.value.messages[0]
    assert "public internet" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://hooks.example.com/hook", "https://"),
        ("ftp://hooks.example.com/hook", "https://"),
        ("https://user:password@hooks.example.com/hook", "user name and password"),
        ("https://hooks.example.com:22/hook", "Port 22"),
        ("https://hooks.example.com:99999/hook", "port"),
        ("https:///hook", "no host name"),
        ("", "Enter the webhook's address"),
        ("https://hooks.example.com/a b", "spaces"),
        ("https://hooks.example.com\\@10.0.0.1/", "backslashes"),
        ("https://" + "a" * 500 + ".example.com/", "longer than 500"),
    ],
)
def test_malformed_or_unsafe_urls_are_refused_with_a_message(production_rules, resolves_to, url, says):
    resolves_to("93.184.215.14")
    with pytest.raises(ValidationError) as refused:
        validate_endpoint_url(url)
    assert says in refused.value.messages[0]


def test_a_public_https_address_passes_and_is_connected_to_as_vetted(production_rules, resolves_to):
    resolves_to("93.184.215.14")
    vetted = vet_address("https://Hooks.Example.com:8443/content?clinic=phoenix")
    assert (vetted.scheme, vetted.hostname, vetted.port, vetted.ip) == (
        "https",
        "hooks.example.com",
        8443,
        "93.184.215.14",
    )
    assert vetted.target == "/content?clinic=phoenix"
    assert vetted.host_header == "hooks.example.com:8443"


def test_a_host_with_any_private_address_is_refused(production_rules, resolves_to):
    resolves_to("93.184.215.14", "10.1.2.3")
    with pytest.raises(ValidationError) as refused:
        validate_endpoint_url("https://hooks.example.com/hook")
    assert refused.value.messages == [
        "hooks.example.com resolves to 10.1.2.3, a private network address; "
        "webhook addresses must be reachable on the public internet."
    ]


def test_a_host_name_resolving_to_the_metadata_service_is_refused(production_rules, resolves_to):
    resolves_to("169.254.169.254")
    with pytest.raises(AddressRefused, match="link-local"):
        vet_address("https://metadata.example.com/")


def test_a_host_that_does_not_resolve_is_a_validation_error(production_rules, monkeypatch):
    def no_answer(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_answer)
    with pytest.raises(HostNotFound):
        vet_address("https://nowhere.example.com/hook")
    with pytest.raises(ValidationError, match="does not resolve"):
        validate_endpoint_url("https://nowhere.example.com/hook")


def test_loopback_and_http_only_when_allowed(settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    assert vet_address("http://127.0.0.1:8123/hook").ip == "127.0.0.1"
    assert vet_address("https://[::1]:8123/hook").ip == "::1"
    for still_refused in ("http://10.0.0.1/", "http://169.254.169.254/", "http://[::ffff:127.0.0.1]/"):
        with pytest.raises(AddressRefused):
            vet_address(still_refused)
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    with pytest.raises(AddressRefused, match="https://"):
        vet_address("http://127.0.0.1:8123/hook")
    with pytest.raises(AddressRefused, match="loopback"):
        vet_address("https://127.0.0.1:8123/hook")


@pytest.mark.parametrize(
    "url",
    ["https://[::1/", "https://a]b/", "https://[::1/hook", "https://[hooks.example.com]/hook"],
)
def test_a_url_that_does_not_parse_is_refused_with_a_message(production_rules, resolves_to, url):
    """urlsplit raises ValueError for unbalanced or misused brackets: a refusal, never a 500."""
    resolves_to("93.184.215.14")
    with pytest.raises(AddressRefused, match="not a valid URL"):
        vet_address(url)
    with pytest.raises(ValidationError) as refused:
        validate_endpoint_url(url)
    assert "The address is not a valid URL" in refused.value.messages[0]
    assert refused.value.code == "unsafe_webhook_url"
