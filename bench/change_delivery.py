"""Changes told to clinic websites, measured: a publish's webhook reaching a listening receiver,
the fan-out of one disclaimer change to 50 clinics, and what the outbox adds to a publish.

Beside ``bench/run.py`` (which runs it and puts its section in docs/performance.md; alone:
``.venv/bin/python bench/change_delivery.py`` prints the section). It builds its own PostgreSQL database
(``clinic_bench_changes``: the demo network and 46 more clinics, 50 in all), one front-end client
and one webhook endpoint per clinic pointing at a receiver in this process, and runs one worker
(``manage.py run_worker``) as production would: a separate process polling the database.

- Publish to receiver: an approved revision of a Phoenix article is published (the review
  workflow's approval publishes it) while the worker is idle; the time from the publish's commit
  to the receiver holding the signed ``article.updated`` event. BENCH_CHANGES_PUBLISHES times.
- Fan-out: one disclaimer's approved change; the time until every clinic's endpoint has its
  ``disclaimer.changed``.
- Outbox: a publish's queries and time with the outbox's wake-up connected and not, measured
  alternately (the durable record itself is the cache invalidation record every change already
  wrote in its transaction; the wake-up is what the outbox adds).
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PG = os.environ.get("BENCH_PG", "postgres://clinic_network@127.0.0.1:5432")
DATABASE = "clinic_bench_changes"
REDIS_URL = os.environ.get("BENCH_CHANGES_REDIS_URL", "redis://127.0.0.1:6379/6")
PUBLISHES = int(os.environ.get("BENCH_CHANGES_PUBLISHES", "40"))
OUTBOX_ROUNDS = int(os.environ.get("BENCH_CHANGES_OUTBOX_ROUNDS", "20"))
CLINICS = 50
WORKER_LOG = Path(
    os.environ.get("BENCH_CHANGES_WORKER_LOG") or Path(tempfile.gettempdir()) / "bench-changes-worker.log"
)
TARGETS = {"publish p50 s": 1.0, "publish p99 s": 3.0, "fan-out s": 10.0, "outbox queries": 2, "outbox ms": 5.0}

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DATABASE_URL": f"{PG}/{DATABASE}",
    "REDIS_URL": REDIS_URL,
    "WEBHOOK_ALLOW_LOOPBACK": "true",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",  # reviewers' notifications
    "PYTHONPATH": str(ROOT),
}


class Receiver(BaseHTTPRequestHandler):
    """Answers 204 and records when each event arrived."""

    received: list[tuple[float, dict, dict]] = []
    lock = threading.Lock()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        arrived = time.monotonic()
        with self.lock:
            self.received.append((arrived, json.loads(body), dict(self.headers)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def wait_for(predicate, *, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.005)
    return False


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def build() -> None:
    subprocess.run(["psql", f"{PG}/postgres", "-qc", f"DROP DATABASE IF EXISTS {DATABASE}"], check=True)
    subprocess.run(["psql", f"{PG}/postgres", "-qc", f"CREATE DATABASE {DATABASE}"], check=True)
    for command in (["migrate", "--no-input", "-v", "0"], ["load_demo_network"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=ENV, check=True, capture_output=True)


def setup_django() -> None:
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def add_clinics() -> None:
    from clinics.models import Clinic
    from clinics.services import ensure_clinic_tree

    locales = Clinic.objects.get(slug="tempe").locales.all()
    for number in range(Clinic.objects.count(), CLINICS):
        clinic = Clinic.objects.create(
            slug=f"bench-{number}",
            name=f"Bench Clinic {number}",
            city="Mesa",
            state="AZ",
            frontend_base_url=f"https://bench-{number}.example.com",
        )
        clinic.locales.set(locales)
        ensure_clinic_tree(clinic=clinic)


def add_endpoints(port: int) -> None:
    from api.models import FrontEndClient
    from clinics.models import Clinic
    from webhooks.services import create_endpoint

    for clinic in Clinic.objects.all():
        client = FrontEndClient.objects.create(name=f"{clinic.name} website", clinic=clinic)
        create_endpoint(client=client, url=f"http://127.0.0.1:{port}/hooks/{clinic.slug}")


def approve_and_publish(content) -> None:
    from django.contrib.auth import get_user_model

    from network.review import decide_review, submit_for_review

    users = get_user_model().objects
    content.save_revision(user=users.get(username="editor"))
    submit_for_review(content=content, user=users.get(username="editor"))
    decide_review(
        content=content,
        user=users.get(username="reviewer"),
        approve=True,
        comment="Benchmark.",
        acknowledge_every_flag="Benchmark.",
    )


def clinic_article(slug: str = "phoenix"):
    from articles.models import ArticlePage
    from clinics.models import Clinic

    home = Clinic.objects.get(slug=slug).site.root_page
    return ArticlePage.objects.live().descendant_of(home).filter(locale__language_code="en").first()


def outbox_cost() -> dict:
    """A publish's queries and milliseconds with the wake-up connected and disconnected."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from changes.tasks import wake_relay
    from network.speed.invalidation import changes_committed

    article = clinic_article("tempe")  # published unreviewed: withheld, and not the one timed below
    measured: dict[bool, list[tuple[int, float]]] = {True: [], False: []}
    for round_number in range(OUTBOX_ROUNDS):
        for connected in (True, False) if round_number % 2 else (False, True):
            if not connected:
                changes_committed.disconnect(wake_relay)
            try:
                article.summary = f"Outbox round {round_number} {connected}."
                revision = article.save_revision()
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    revision.publish()
                    elapsed = (time.perf_counter() - started) * 1000
                measured[connected].append((len(queries), elapsed))
            finally:
                if not connected:
                    changes_committed.connect(wake_relay)
    queries_with = statistics.median(count for count, _ in measured[True])
    queries_without = statistics.median(count for count, _ in measured[False])
    ms_with = statistics.median(ms for _, ms in measured[True])
    ms_without = statistics.median(ms for _, ms in measured[False])
    return {
        "publish queries": queries_with,
        "publish queries without": queries_without,
        "publish ms": ms_with,
        "publish ms without": ms_without,
        "outbox queries": queries_with - queries_without,
        "outbox ms": ms_with - ms_without,
    }


def arrival(*, key: str, since: int) -> float | None:
    """When the receiver got the article's ``article.updated``, among the events after ``since``."""
    return next(
        (
            at
            for at, body, _ in Receiver.received[since:]
            if body["type"] == "article.updated" and body["data"]["key"] == key
        ),
        None,
    )


def publish_latency() -> list[float]:
    article = clinic_article("phoenix")
    key = str(article.translation_key)
    latencies = []
    for number in range(PUBLISHES):
        seen = len(Receiver.received)
        article.summary = f"Benchmark publish {number}."
        approve_and_publish(article)
        committed = time.monotonic()

        if not wait_for(lambda since=seen: arrival(key=key, since=since) is not None, timeout=30):
            raise SystemExit(f"publish {number} never reached the receiver")
        latencies.append(arrival(key=key, since=seen) - committed)
        article.refresh_from_db()
        time.sleep(0.3)  # the worker idle again, as the target says
    return latencies


def fan_out() -> float:
    from network.models import Disclaimer

    disclaimer = Disclaimer.objects.filter(locale__language_code="en", live=True).first()
    seen = len(Receiver.received)
    disclaimer.body = "<p>The network's medical disclaimer, revised for the benchmark.</p>"
    approve_and_publish(disclaimer)
    committed = time.monotonic()

    def clinics_told() -> set[str]:
        return {body["clinic"] for _, body, _ in Receiver.received[seen:] if body["type"] == "disclaimer.changed"}

    if not wait_for(lambda: len(clinics_told()) >= CLINICS, timeout=120):
        raise SystemExit(f"only {len(clinics_told())} of {CLINICS} clinics were told of the disclaimer")
    last = max(at for at, body, _ in Receiver.received[seen:] if body["type"] == "disclaimer.changed")
    return last - committed


def measure() -> dict:
    build()
    setup_django()
    from changes.relay import relay_pending

    add_clinics()
    outbox = outbox_cost()
    relay_pending()  # what the network serves now is recorded; nobody listens yet
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    add_endpoints(server.server_address[1])
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "run_worker"],
        cwd=ROOT,
        env=ENV,
        stdout=WORKER_LOG.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        time.sleep(3)  # started and idle
        latencies = publish_latency()
        fan_out_seconds = fan_out()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        server.shutdown()
    return {
        "publishes": len(latencies),
        "publish p50 s": statistics.median(latencies),
        "publish p99 s": percentile(latencies, 0.99),
        "publish max s": max(latencies),
        "fan-out s": fan_out_seconds,
        "clinics": CLINICS,
        **outbox,
    }


def lines(results: dict) -> tuple[list[str], list[tuple[str, float, float, str]]]:
    """The section of docs/performance.md, and the targets' checks."""
    text = [
        "## Changes told to clinic websites (`bench/change_delivery.py`)",
        "",
        f"{CLINICS} clinics with one webhook endpoint each, a receiver on this machine, one worker "
        "(`manage.py run_worker`, its default 0.2 s interval) polling PostgreSQL.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| publish to receiver, p50 ({results['publishes']} publishes, worker idle) | {results['publish p50 s']:.3f} s |",
        f"| publish to receiver, p99 | {results['publish p99 s']:.3f} s |",
        f"| publish to receiver, slowest | {results['publish max s']:.3f} s |",
        f"| one disclaimer change to all {results['clinics']} clinics' endpoints | {results['fan-out s']:.2f} s |",
        f"| a publish's queries, with the outbox / without its wake-up | {results['publish queries']:.0f} / "
        f"{results['publish queries without']:.0f} |",
        f"| a publish's time, with the outbox / without its wake-up (medians) | {results['publish ms']:.1f} ms / "
        f"{results['publish ms without']:.1f} ms |",
        "",
        "The outbox's durable record is the change record each change already wrote in its own "
        "transaction for the cache (now kept until relayed, with its subjects): no query more. What "
        "it adds is the relay's wake-up, one task row written after the commit.",
        "",
    ]
    checks = [
        ("publish to receiver p50 s", results["publish p50 s"], TARGETS["publish p50 s"], "<="),
        ("publish to receiver p99 s", results["publish p99 s"], TARGETS["publish p99 s"], "<="),
        (f"fan-out to {results['clinics']} clinics s", results["fan-out s"], TARGETS["fan-out s"], "<="),
        ("queries the outbox adds to a publish", results["outbox queries"], TARGETS["outbox queries"], "<="),
        ("ms the outbox adds to a publish", results["outbox ms"], TARGETS["outbox ms"], "<="),
    ]
    return text, checks


def main() -> int:
    results = measure()
    if "--json" in sys.argv:
        print(json.dumps(results))
        return 0
    text, checks = lines(results)
    print("\n".join(text))
    missed = 0
    for label, value, wanted, op in checks:
        ok = value <= wanted
        missed += not ok
        print(f"{label}: {value:.3f} (want {op} {wanted}) {'met' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
