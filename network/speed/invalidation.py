"""Bumping delivery cache tags when content changes: now (for this process) and again after the
transaction commits (so no other process can cache the old data under the new version).

The tags are also written to the database in the change's transaction (``PendingInvalidation``)
and deleted once the bump after the commit reached the shared cache. A bump that did not (the
cache down or marked unavailable, the process gone) is replayed by every process's replay loop
within ``CACHE_REPLAY_SECONDS`` of the cache being reachable: the database stays the source of
truth for what changed.
"""

import logging
import os
import threading
import time

from django.conf import settings
from django.db import close_old_connections, transaction

from network.models import PendingInvalidation

from . import cache

logger = logging.getLogger(__name__)

# Saving only these fields is a draft or lock change: nothing any front-end sees.
DRAFT_ONLY_FIELDS = {
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
    "live_revision",
}


def invalidate(*tags: str) -> None:
    cache.bump(*tags)
    pending = PendingInvalidation.objects.create(tags=sorted(set(tags)))
    transaction.on_commit(lambda: bump_committed(pending_ids=[pending.pk], tags=tags))


def bump_committed(*, pending_ids: list[int], tags) -> bool:
    """Bump the tags of committed changes; forget their durable record once the cache has them."""
    if not cache.bump(*tags):
        return False
    PendingInvalidation.objects.filter(pk__in=pending_ids).delete()
    return True


REPLAYED_AT_MOST = 500  # pending records per round


def replay_pending() -> int:
    """Bump the tags of every committed change whose bump has not reached the shared cache, and
    forget those records: how many were replayed (0 when the cache is still unreachable)."""
    if not cache.available():
        return 0
    pending = list(PendingInvalidation.objects.values_list("pk", "tags")[:REPLAYED_AT_MOST])
    if not pending:
        return 0
    tags = sorted({tag for _, record in pending for tag in record})
    if not bump_committed(pending_ids=[pk for pk, _ in pending], tags=tags):
        return 0
    logger.info("Replayed %d cache invalidations that had not reached the cache.", len(pending))
    return len(pending)


_replaying_in: int | None = None  # the process whose replay loop runs
_replay_lock = threading.Lock()


def ensure_replay_loop() -> None:
    """Start this process's replay loop once (after a fork too: a thread does not survive one).
    ``CACHE_REPLAY_SECONDS`` = 0 turns it off (the test settings, which call ``replay_pending``)."""
    global _replaying_in
    interval = getattr(settings, "CACHE_REPLAY_SECONDS", 0)
    if not interval or _replaying_in == os.getpid():
        return
    with _replay_lock:
        if _replaying_in == os.getpid():
            return
        _replaying_in = os.getpid()
        threading.Thread(target=_replay_forever, args=(interval,), name="cache-replay", daemon=True).start()


def _replay_forever(interval: float) -> None:
    while True:
        time.sleep(interval)
        try:
            replay_pending()
        except Exception:  # the database or the cache is down: the next round tries again
            logger.warning("Replaying cache invalidations failed; retrying.", exc_info=True)
        finally:
            close_old_connections()


def is_draft_only(update_fields) -> bool:
    return update_fields is not None and set(update_fields) <= DRAFT_ONLY_FIELDS - {"live_revision"}


def stored_value(instance, field: str):
    """The field's value as stored before this save (None for a new row): for receivers that must
    invalidate what a change leaves as well as what it joins."""
    if instance.pk is None:
        return None
    return type(instance)._base_manager.filter(pk=instance.pk).values_list(field, flat=True).first()
