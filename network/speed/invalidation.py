"""Bumping delivery cache tags when content changes: now (for this process) and again after the
transaction commits (so no other process can cache the old data under the new version).

The tags are also written to the database in the change's transaction (``ContentChange``, with
the subjects the change touched) and marked bumped once the bump after the commit reached the
shared cache. A bump that did not (the cache down or marked unavailable, the process gone) is
replayed by every process's replay loop within ``CACHE_REPLAY_SECONDS`` of the cache being
reachable: the database stays the source of truth for what changed. The same record is what the
relay (``changes.relay``) turns into each clinic's change events: ``changes_committed`` is sent
after a commit that wrote any, so the relay can be woken at once.
"""

import logging
import os
import threading
import time

from django.conf import settings
from django.db import close_old_connections, transaction
from django.dispatch import Signal

from network.models import ContentChange

from . import cache
from . import tags as tag_names

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


# Sent after a transaction that recorded changes commits (once per commit): the relay listens.
changes_committed = Signal()


def invalidate(*tags: str, subjects: tuple[str, ...] = ()) -> None:
    """Bump ``tags`` and record the change: ``subjects`` name what changed where the tags do
    not say it (``changes.relay`` reads them; ``subjects_of`` adds what the tags do say)."""
    cache.bump(*tags)
    pending = ContentChange.objects.create(tags=sorted(set(tags)), subjects=sorted(set(subjects) | subjects_of(tags)))
    transaction.on_commit(lambda: bump_committed(pending_ids=[pending.pk], tags=tags))
    announce_after_commit()


def subjects_of(tags) -> set[str]:
    """What a change's cache tags say changed: an article or disclaimer (``content:<key>``), a
    clinic (``clinic:<pk>``), the taxonomy, or (the structure or settings) anything at all."""
    subjects = {tag for tag in tags if tag.startswith(("content:", "clinic:", "image:"))}
    if tag_names.STRUCTURE in tags or tag_names.SETTINGS in tags:
        subjects.add(EVERYTHING)
    if tag_names.TAXONOMY in tags:
        subjects.add(tag_names.TAXONOMY)
    return subjects


EVERYTHING = "everything"
PICTURED = "pictured:"  # + an article's translation key: its pictures changed (an image deleted under it)


def announce_after_commit() -> None:
    """One ``changes_committed`` per outermost commit, however many changes it recorded.

    Reads Django's ``connection.run_on_commit`` (a list of ``(savepoint ids, callable, robust)``;
    on upgrade check that it still is: ``tests/network/test_change_record.py`` fails if not) so a
    publish that records several changes enqueues one wake-up; a rollback drops it with the rest.
    """
    connection = transaction.get_connection()
    if any(entry[1] is _announce for entry in connection.run_on_commit):
        return
    transaction.on_commit(_announce)


def _announce() -> None:
    changes_committed.send(sender=ContentChange)


def bump_committed(*, pending_ids: list[int], tags) -> bool:
    """Bump the tags of committed changes; mark their durable record bumped once the cache has
    them (the row goes once the relay has it too)."""
    if not cache.bump(*tags):
        return False
    ContentChange.objects.filter(pk__in=pending_ids).update(bumped=True)
    return True


REPLAYED_AT_MOST = 500  # pending records per round


def replay_pending() -> int:
    """Bump the tags of every committed change whose bump has not reached the shared cache, and
    forget those records: how many were replayed (0 when the cache is still unreachable)."""
    if not cache.available():
        return 0
    pending = list(ContentChange.objects.filter(bumped=False).values_list("pk", "tags")[:REPLAYED_AT_MOST])
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
