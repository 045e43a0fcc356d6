"""The relay as a background task, woken after every commit that recorded changes."""

import logging

from django.dispatch import receiver
from django_tasks import task

from network.speed.invalidation import changes_committed

from . import relay

logger = logging.getLogger(__name__)


@task(backend="changes", queue_name="changes", priority=10)  # before deliveries queued earlier
def relay_changes() -> int:
    return relay.relay_pending()


@receiver(changes_committed)
def wake_relay(sender, **kwargs):
    """A wake-up only: the recorded changes are the durable part, and a worker relays any left
    behind (``webhooks.worker``), so an enqueue that fails is logged, not raised into the commit."""
    try:
        relay_changes.enqueue()
    except Exception:
        logger.warning("Could not wake the relay; the worker's sweep will relay the change.", exc_info=True)
