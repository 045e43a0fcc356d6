"""``manage.py run_worker``: relay recorded changes, send webhooks and CDN purges (see ``webhooks.worker``)."""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string

from webhooks.worker import BACKEND, QUEUES, ChangesWorker


class Command(BaseCommand):
    help = (
        "Run a background worker: relay recorded changes into clinic change events and send their "
        "webhooks and CDN purges, sweeping every few seconds for anything left behind. Run as many as "
        "you like, on as many machines."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queues",
            default=",".join(QUEUES),
            help="Task queues to work, comma-separated (default: %(default)s). A worker without the "
            "'changes' queue does not relay left-behind changes in its sweep.",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=0.2,
            help="Seconds to wait when there is nothing to do (default: %(default)s).",
        )
        parser.add_argument(
            "--sweep-seconds",
            type=float,
            default=None,
            help="Seconds between sweeps (default: the WEBHOOK_SWEEP_SECONDS setting).",
        )
        parser.add_argument(
            "--batch",
            "--once",
            action="store_true",
            dest="batch",
            help="Do everything that is due (tasks and a sweep), then exit.",
        )
        parser.add_argument("--worker-id", default=None, help="Unique id of this worker (default: random).")

    def handle(self, *, queues, interval, sweep_seconds, batch, worker_id, verbosity, **options):
        queue_names = [name.strip() for name in queues.split(",") if name.strip()]
        unknown = sorted(set(queue_names) - set(QUEUES))
        if not queue_names or unknown:
            raise CommandError(f"Unknown queue {', '.join(unknown) or '(none)'}: use {', '.join(QUEUES)}.")
        if interval < 0 or (sweep_seconds is not None and sweep_seconds <= 0):
            raise CommandError("--interval must be 0 or more and --sweep-seconds more than 0.")
        self.configure_logging(verbosity)
        worker = ChangesWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=BACKEND,
            startup_delay=False,
            max_tasks=None,
            worker_id=(worker_id or get_random_string(32))[:64],
            excluded_queue_names=[],
            sweep_seconds=sweep_seconds if sweep_seconds is not None else float(settings.WEBHOOK_SWEEP_SECONDS),
            relays="changes" in queue_names,
        )
        worker.configure_signals()
        worker.run()

    def configure_logging(self, verbosity: int) -> None:
        level = {0: logging.CRITICAL, 1: logging.INFO}.get(verbosity, logging.DEBUG)
        for name in ("webhooks", "changes", "django_tasks", "django_tasks_db"):
            named = logging.getLogger(name)
            named.setLevel(level)
            if not named.handlers:
                named.addHandler(logging.StreamHandler(self.stdout))
                named.propagate = False
