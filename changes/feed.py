"""The change feed: a clinic's changes after a cursor, for websites that catch up by asking
(static builds) rather than by receiving webhooks, and how long the feed keeps them.

A cursor is a position in the network's one sequence of clinic changes: every change up to it
has been told. Positions are primary keys, which the relay assigns in commit order (one relay at
a time), so the changes committed at any moment are exactly those up to some position, and a
position read from the database has every change before it committed already: the feed never
skips a change committed later. Pruning (``prune_change_feed``) deletes the oldest changes only,
keeping the newest, so what the feed keeps is always every change after some position, and a
cursor from before that position is refused (``CursorNotKept``), never silently answered with a
gap.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from .models import ClinicChange

PRUNE_BATCH = 5_000  # changes deleted per transaction


class CursorNotKept(Exception):
    """The cursor is older than the oldest change the feed keeps: changes after it may be gone."""


class CursorAhead(Exception):
    """The cursor is past the newest change: not one the feed gave (a database restored from a
    backup, or a made-up cursor)."""


@dataclass(frozen=True)
class FeedPage:
    changes: list[ClinicChange]
    cursor: int  # every change of the clinic up to here is in this page or an earlier one
    has_more: bool


def feed_position() -> int:
    """The newest change's position (0 before the first): where a website starts following."""
    return ClinicChange.objects.aggregate(newest=Max("pk"))["newest"] or 0


def changes_after(*, clinic_id: int, since: int, size: int) -> FeedPage:
    """The clinic's changes after position ``since``, oldest first, at most ``size``.

    The cursor is the last change's position when more follow; else the feed's position, read
    before the changes (every change up to it was committed then, so this read has all of the
    clinic's): a website whose clinic hears of nothing for months keeps a current cursor, and
    pruning never makes it start again. The oldest kept position is read after the changes, so a
    prune running meanwhile is seen, and refused, rather than answered as a gap."""
    newest = feed_position()
    if since > newest:
        raise CursorAhead
    rows = list(ClinicChange.objects.filter(clinic_id=clinic_id, pk__gt=since).order_by("pk")[: size + 1])
    oldest = ClinicChange.objects.aggregate(oldest=Min("pk"))["oldest"]
    if oldest is not None and since < oldest - 1:  # a change between the two may have been pruned
        raise CursorNotKept
    has_more = len(rows) > size
    rows = rows[:size]
    last = rows[-1].pk if rows else since
    return FeedPage(changes=rows, cursor=last if has_more else max(last, newest), has_more=has_more)


def prune_change_feed(*, kept_days: int) -> int:
    """Delete the changes older than ``kept_days`` days, oldest first, always keeping the newest
    (the feed's position, which cursors are compared with); the number deleted.

    Deleted by position, not by date, so that what is kept stays every change after a position
    even if two relays' clocks disagreed; in batches, each its own transaction. A webhook
    delivery keeps its own copy of the body (its ``change`` becomes null)."""
    cutoff = timezone.now() - datetime.timedelta(days=kept_days)
    newest = feed_position()
    horizon = ClinicChange.objects.filter(pk__lt=newest, created_at__lt=cutoff).aggregate(last=Max("pk"))["last"]
    deleted = 0
    while horizon is not None:
        with transaction.atomic():
            batch = list(
                ClinicChange.objects.filter(pk__lte=horizon).order_by("pk").values_list("pk", flat=True)[:PRUNE_BATCH]
            )
            if not batch:
                break
            _, by_model = ClinicChange.objects.filter(pk__in=batch).delete()
            deleted += by_model.get(ClinicChange._meta.label, 0)
    return deleted
