"""CDN purges by cache tag: what to send Fastly (``Surrogate-Key``) and Cloudflare (``Cache-Tag``)
when a batch of changes bumped some tags. Each purge is a ``Delivery`` with ``{"keys": [...]}``
as its payload, attempted and retried like a webhook (``webhooks.sending``); this module only
says which purges a batch needs and builds each one's request.

Fastly purges up to 256 surrogate keys in one call (``POST /service/{id}/purge`` with the keys in
a ``Surrogate-Key`` header); Cloudflare up to 100 tags in one call (``POST
/client/v4/zones/{zone}/purge_cache`` with ``{"tags": [...]}``, its limit on every plan). The API
hosts are fixed (``FASTLY_API_URL`` and ``CLOUDFLARE_API_URL`` exist for tests), so the SSRF rules
for endpoints do not apply; https is still required unless ``WEBHOOK_ALLOW_LOOPBACK``.
"""

import json
from dataclasses import dataclass

from django.conf import settings

from .models import Delivery

FASTLY_KEYS_PER_PURGE = 256
CLOUDFLARE_TAGS_PER_PURGE = 100
PURGE_EVENT = "cdn.purge"


class PurgeNotConfigured(Exception):
    """The CDN's settings were removed after the purge was queued."""


@dataclass(frozen=True, kw_only=True)
class PurgeRequest:
    url: str
    headers: dict[str, str]
    body: bytes


def _is_purgeable(tag: str) -> bool:
    """A tag both CDNs accept: printable ASCII, no spaces or commas (their separators)."""
    return bool(tag) and all(33 <= ord(character) <= 126 and character != "," for character in tag)


def configured_destinations() -> list[str]:
    destinations = []
    if settings.FASTLY_SERVICE_ID and settings.FASTLY_API_TOKEN:
        destinations.append(Delivery.FASTLY)
    if settings.CLOUDFLARE_ZONE_ID and settings.CLOUDFLARE_API_TOKEN:
        destinations.append(Delivery.CLOUDFLARE)
    return destinations


def purges_for(*, tags: set[str]) -> list[tuple[str, dict]]:
    """The (destination, payload) pairs that purge ``tags`` at every configured CDN."""
    keys = sorted(tag for tag in tags if _is_purgeable(tag))
    if not keys:
        return []
    purges = []
    for destination in configured_destinations():
        size = FASTLY_KEYS_PER_PURGE if destination == Delivery.FASTLY else CLOUDFLARE_TAGS_PER_PURGE
        purges.extend((destination, {"keys": keys[start : start + size]}) for start in range(0, len(keys), size))
    return purges


def purge_request(*, destination: str, payload: dict) -> PurgeRequest:
    keys = list(payload.get("keys", []))
    if destination == Delivery.FASTLY:
        if not (settings.FASTLY_SERVICE_ID and settings.FASTLY_API_TOKEN):
            raise PurgeNotConfigured("Fastly is no longer configured (FASTLY_SERVICE_ID, FASTLY_API_TOKEN).")
        base = getattr(settings, "FASTLY_API_URL", "https://api.fastly.com").rstrip("/")
        return PurgeRequest(
            url=f"{base}/service/{settings.FASTLY_SERVICE_ID}/purge",
            headers={
                "Fastly-Key": settings.FASTLY_API_TOKEN,
                "Surrogate-Key": " ".join(keys),
                "Accept": "application/json",
            },
            body=b"",
        )
    if destination == Delivery.CLOUDFLARE:
        if not (settings.CLOUDFLARE_ZONE_ID and settings.CLOUDFLARE_API_TOKEN):
            raise PurgeNotConfigured("Cloudflare is no longer configured (CLOUDFLARE_ZONE_ID, CLOUDFLARE_API_TOKEN).")
        base = getattr(settings, "CLOUDFLARE_API_URL", "https://api.cloudflare.com").rstrip("/")
        return PurgeRequest(
            url=f"{base}/client/v4/zones/{settings.CLOUDFLARE_ZONE_ID}/purge_cache",
            headers={
                "Authorization": f"Bearer {settings.CLOUDFLARE_API_TOKEN}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
            body=json.dumps({"tags": keys}, separators=(",", ":")).encode(),
        )
    raise PurgeNotConfigured(f"{destination} is not a CDN this platform purges.")


def refusal_in_answer(*, destination: str, body: str) -> str | None:
    """Cloudflare can answer 200 with ``"success": false``: that purge did not happen."""
    if destination != Delivery.CLOUDFLARE:
        return None
    try:
        answer = json.loads(body)
    except ValueError:
        return None
    if isinstance(answer, dict) and answer.get("success") is False:
        return f"Cloudflare refused the purge: {json.dumps(answer.get('errors', []))[:500]}"
    return None
