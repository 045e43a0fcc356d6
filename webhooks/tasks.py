"""Deliveries as background tasks on the "changes" task backend ("deliveries" queue).

A task is only a wake-up: the ``Delivery`` row is the durable part, and the worker's sweep
(``webhooks.worker``) attempts any delivery that is due whatever became of its task, so an
enqueue that fails is logged, never raised into the caller.
"""

import datetime
import logging
from collections.abc import Iterable

from django.db import transaction
from django_tasks import task

from . import sending
from .models import Delivery

logger = logging.getLogger(__name__)


@task(backend="changes", queue_name="deliveries")
def deliver(delivery_id: int) -> str | None:
    outcome = sending.attempt_delivery(delivery_id=delivery_id)
    if outcome == sending.RETRY:
        schedule_retry(delivery_id=delivery_id)
    return outcome


def enqueue_delivery(*, delivery_id: int, run_after: datetime.datetime | None = None) -> None:
    try:
        (deliver.using(run_after=run_after) if run_after is not None else deliver).enqueue(delivery_id)
    except Exception:
        logger.warning("Could not queue delivery %s; the worker's sweep will send it.", delivery_id, exc_info=True)


def enqueue_after_commit(*, delivery_ids: Iterable[int]) -> None:
    """Queue each delivery once the transaction that wrote it commits (at once outside one)."""
    ids = list(delivery_ids)

    def enqueue_all() -> None:
        for delivery_id in ids:
            enqueue_delivery(delivery_id=delivery_id)

    if ids:
        transaction.on_commit(enqueue_all)


def schedule_retry(*, delivery_id: int) -> None:
    next_attempt_at = (
        Delivery.objects.filter(pk=delivery_id, status=Delivery.PENDING)
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if next_attempt_at is not None:
        enqueue_delivery(delivery_id=delivery_id, run_after=next_attempt_at)
