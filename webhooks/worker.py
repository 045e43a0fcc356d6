"""The background worker: django-tasks-db's database worker for the "changes" backend (the relay
and the deliveries), with a sweep every ``WEBHOOK_SWEEP_SECONDS`` for what a lost wake-up or a
killed worker left behind:

- recorded changes not relayed yet (``network.models.ContentChange.relayed``), relayed now;
- deliveries due whose lease is free or expired (a worker killed mid-delivery leaves its task
  RUNNING for ever, but its lease runs out), attempted again with the same ``webhook-id``.

Any number of workers may run on any number of machines: a task is taken under a row lock by
django-tasks-db, and a delivery is claimed with one conditional UPDATE (``webhooks.sending``).
SIGTERM lets the current task, or the sweep's current delivery, finish; a second one ends at once.
"""

import logging
import time
from collections.abc import Callable

from django.db import close_old_connections
from django.db.utils import OperationalError
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from changes.relay import relay_pending
from network.models import ContentChange

from .models import Delivery
from .sending import RETRY, attempt_delivery, due_deliveries
from .tasks import schedule_retry

logger = logging.getLogger(__name__)

BACKEND = "changes"
QUEUES = ("changes", "deliveries")
SWEEP_BATCH = 200


def relay_left_behind() -> int:
    """Relay recorded changes that no relay task took (its wake-up lost, its worker killed)."""
    if not ContentChange.objects.filter(relayed=False).exists():
        return 0
    try:
        return relay_pending()
    except Exception:
        logger.exception("The sweep's relay failed; it runs again at the next sweep.")
        return 0


def attempt_due_deliveries(*, should_continue: Callable[[], bool] = lambda: True, limit: int = SWEEP_BATCH) -> int:
    """Attempt every delivery that is due and not held by a live attempt; how many were attempted."""
    due = Delivery.objects.filter(due_deliveries(now=timezone.now())).order_by("next_attempt_at", "pk")
    attempted = 0
    for delivery_id in list(due.values_list("pk", flat=True)[:limit]):
        if not should_continue():
            break
        outcome = attempt_delivery(delivery_id=delivery_id)
        if outcome is not None:
            attempted += 1
        if outcome == RETRY:
            schedule_retry(delivery_id=delivery_id)
    return attempted


class ChangesWorker(Worker):
    """django-tasks-db's ``Worker`` with the sweep in its loop.

    Upgrade check: this replaces ``Worker.run`` (whose loop is reproduced in ``run_next_task``:
    ``DBTaskResult.objects.ready()``, ``exclusive_transaction``, ``get_locked``, ``claim``) and
    relies on ``run_task``, ``shutdown``, ``running`` and ``running_task``;
    ``tests/webhooks/test_worker.py::test_the_worker_base_still_has_what_we_use`` fails if they go."""

    def __init__(self, *, sweep_seconds: float, relays: bool, refreshes_connections: bool = True, **options) -> None:
        super().__init__(**options)
        self.sweep_seconds = sweep_seconds
        self.relays = relays
        self.refreshes_connections = refreshes_connections
        self.next_sweep = 0.0

    def refresh_connections(self) -> None:
        """Drop expired or broken database connections, as Django does between requests (not in
        a caller's transaction: ``work_until_idle`` inside a test would lose it)."""
        if self.refreshes_connections:
            close_old_connections()

    def run(self) -> None:
        logger.info("Starting worker %s (queues %s)", self.worker_id, ",".join(self.queue_names))
        while self.running:
            self.refresh_connections()
            swept = 0
            if self.batch or time.monotonic() >= self.next_sweep:
                swept = self.sweep()
                self.next_sweep = time.monotonic() + self.sweep_seconds
            ran = self.run_next_task() if self.running else False
            self.refresh_connections()
            if self.batch and not ran and not swept:
                logger.info("Worker %s: nothing left to do, exiting.", self.worker_id)
                return
            if self.running and not ran and not swept:
                time.sleep(self.interval)

    def sweep(self) -> int:
        self.running_task = True  # SIGTERM waits for the delivery in hand
        try:
            relayed = relay_left_behind() if self.relays else 0
            return relayed + attempt_due_deliveries(should_continue=lambda: self.running)
        except OperationalError:
            logger.warning("The sweep could not reach the database; it runs again shortly.", exc_info=True)
            return 0
        finally:
            self.running_task = False

    def run_next_task(self) -> bool:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
            except OperationalError as error:
                if not is_locked_database_exception(error):
                    raise
                task_result = None
        if task_result is None:
            return False
        self.run_task(task_result)
        return True


def work_until_idle(*, queues: tuple[str, ...] = QUEUES, worker_id: str = "until-idle") -> None:
    """Run every task and sweep everything due, in this process and its transaction, until
    nothing is left (tests, scripts; no signal handlers are installed)."""
    ChangesWorker(
        queue_names=list(queues),
        interval=0,
        batch=True,
        backend_name=BACKEND,
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
        sweep_seconds=0,
        relays="changes" in queues,
        refreshes_connections=False,
    ).run()
