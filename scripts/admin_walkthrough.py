"""The admin walkthrough: what the demo network's administrator, editor and medical reviewer see.

Starts the platform (and the demo clinics' preview websites, which the admin's Preview frames)
on a throwaway SQLite database with the demo network loaded, logs in as each
demo user in headless Chromium (Debian's, driven by Playwright) and saves a screenshot of each
page they work in to ``walkthrough/`` (one PNG a page, named role-page.png). It fails when a page
answers an error, so it is also a smoke test of the admin; looking at the pictures is the point.

    make walkthrough                # or: .venv/bin/python scripts/admin_walkthrough.py [--port 8199]
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "walkthrough"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOGINS = {
    "administrator": ("admin", "demo-admin-password"),
    "editor": ("editor", "demo-editor-password"),
    "reviewer": ("reviewer", "demo-reviewer-password"),
    "phoenix-editor": ("phoenix-editor", "demo-phoenix-password"),
}
# The demo network as a working day finds it: the editor changed a shared article and submitted
# it for medical review. Prints the ids the pages below are named with.
PREPARE = """
import json
from django.contrib.auth import get_user_model
from django.test.utils import override_settings
from articles.models import ArticlePage
from clinics.models import Clinic
from network.models import Disclaimer, SharedLibraryPage
from articles.models import LocalArticleText
from network.review import awaiting_review, decide_review, submit_for_review

article = ArticlePage.objects.get(slug="what-is-ketamine-infusion-therapy", locale__language_code="en")
editor = get_user_model().objects.get(username="editor")
reviewer = get_user_model().objects.get(username="reviewer")
local_text = LocalArticleText.objects.get(clinic__slug="phoenix", article__locale__language_code="en")
master = local_text.article
with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
    # The shared article under Phoenix's local text gets a new approved revision: its text drifts.
    master.summary = master.summary + " Revised after the latest guidance."
    master.save_revision(user=editor)
    submit_for_review(content=master, user=editor)
    decide_review(content=ArticlePage.objects.get(pk=master.pk), user=reviewer, approve=True, acknowledge_every_flag="Acknowledged for this run.")
    # A sentence the reviewer must answer before approving (a high-severity claim flag).
    article.summary = "What ketamine infusion therapy is, updated for the walkthrough. Most patients feel relief within hours."
    article.save_revision(user=editor)
    submit_for_review(content=article, user=editor)
master.refresh_from_db()
print(json.dumps({
    "local_text": local_text.pk,
    "master_compare": f"/admin/pages/{master.pk}/revisions/compare/{local_text.master_revision_id}...{master.live_revision_id}/",
    "article": article.pk,
    "free_article": ArticlePage.objects.child_of(SharedLibraryPage.objects.get(locale__language_code="en"))
    .exclude(pk__in=[article.pk, master.pk]).order_by("pk").first().pk,
    "library": SharedLibraryPage.objects.get(locale__language_code="en").pk,
    "clinic": Clinic.objects.get(slug="phoenix").pk,
    "phoenix_home": Clinic.objects.get(slug="phoenix").site.root_page_id,
    "disclaimer": Disclaimer.objects.filter(live=True).first().pk,
    "task_state": awaiting_review().first().pk,
    "revision": awaiting_review().first().revision_id,
    "local_text_revision": local_text.latest_revision_id,
}))
"""
# Webhooks as an administrator finds them after a few days: the Phoenix website's endpoint
# delivers, Peoria's receiver broke (its endpoint flagged), a CDN purge waits. Made directly
# (the walkthrough has no DNS nor receivers); prints the ids the webhook pages are named with.
PREPARE_WEBHOOKS = """
import datetime, json
from django.utils import timezone
from api.models import FrontEndClient
from clinics.models import Clinic
from webhooks.models import Delivery, DeliveryAttempt, WebhookEndpoint
from webhooks.secrets import encrypt_secret, new_signing_secret

now = timezone.now()
def client_of(slug):
    clinic = Clinic.objects.get(slug=slug)
    return FrontEndClient.objects.get_or_create(name=f"{clinic.name} website", clinic=clinic)[0]
def endpoint(client, url, **fields):
    return WebhookEndpoint.objects.create(client=client, url=url, encrypted_secret=encrypt_secret(secret=new_signing_secret()),
                                          created_at=now - datetime.timedelta(days=12), **fields)
phoenix = endpoint(client_of("phoenix"), "https://www.phoenix-clinic.example.com/api/webhooks/content",
                   description="Revalidates the clinic website's pages", event_types=["article.published", "article.updated", "article.withdrawn"])
reason = ("Given up after 8 attempts over the whole retry schedule; the last: the receiver answered 502.")
peoria = endpoint(client_of("peoria"), "https://peoria-clinic.example.com/hooks/cms", description="Peoria site (Next.js)",
                  flagged_at=now - datetime.timedelta(minutes=300), flag_reason=reason)
def delivery(endpoint, event_type, status, minutes_ago, **fields):
    clinic = endpoint.client.clinic if endpoint else None
    message_id = fields.pop("message_id", f"msg_{Delivery.objects.count() + 101}_{endpoint.pk if endpoint else 0}")
    payload = fields.pop("payload", {"id": message_id, "type": event_type, "timestamp": (now - datetime.timedelta(minutes=minutes_ago)).isoformat(),
               "clinic": clinic.slug if clinic else None, "data": {"kind": "article", "slug": "what-is-ketamine-infusion-therapy", "locale": "en"}})
    return Delivery.objects.create(endpoint=endpoint, clinic=clinic, event_type=event_type, status=status, message_id=message_id,
                                   payload=payload, created_at=now - datetime.timedelta(minutes=minutes_ago), **fields)
def attempt(delivery, minutes_ago, **fields):
    DeliveryAttempt.objects.create(delivery=delivery, started_at=now - datetime.timedelta(minutes=minutes_ago), **fields)
failed = delivery(peoria, "contact.changed", Delivery.GIVEN_UP, 1700, attempts=8, last_status_code=502,
                  last_error="")
for number in range(8):
    attempt(failed, 1700 - number * 200, duration_ms=10_000 if number == 3 else 412, status_code=None if number == 3 else 502,
            error="Timed out after 10 s waiting for the receiver." if number == 3 else "",
            response_excerpt="" if number == 3 else "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><script>alert('from the receiver')</script></body></html>",
            outcome="given_up" if number == 7 else "retry")
for number in range(6):
    done = delivery(phoenix, ["article.updated", "article.published"][number % 2], Delivery.DELIVERED, 300 - number * 40,
                    attempts=1, last_status_code=204, delivered_at=now - datetime.timedelta(minutes=300 - number * 40))
    attempt(done, 300 - number * 40, duration_ms=87 + number, status_code=204, outcome="delivered")
retrying = delivery(peoria, "article.updated", Delivery.PENDING, 25, attempts=2, last_status_code=503,
                    next_attempt_at=now + datetime.timedelta(minutes=28))
attempt(retrying, 25, duration_ms=230, status_code=503, response_excerpt="Service Unavailable", outcome="retry")
attempt(retrying, 20, duration_ms=190, status_code=503, response_excerpt="Service Unavailable", outcome="retry")
purge = delivery(None, "cdn.purge", Delivery.PENDING, 2, destination=Delivery.FASTLY, message_id="purge_3fa9c1_fastly_1",
                 payload={"keys": ["article-12", "clinic-phoenix", "clinic-phoenix-articles"]})
print(json.dumps({"endpoint": phoenix.pk, "flagged_endpoint": peoria.pk, "failed_delivery": failed.pk,
                  "retrying_delivery": retrying.pk, "phoenix_client": phoenix.client_id}))
"""
# What each role works in: (name of the screenshot, admin path with {ids}).
PAGES = {
    "administrator": [
        ("home", "/admin/"),
        ("clinics", "/admin/snippets/clinics/clinic/"),
        ("clinic-edit", "/admin/snippets/clinics/clinic/edit/{clinic}/"),
        ("contact-blocks", "/admin/snippets/clinics/contactblock/"),
        ("report-unreviewed", "/admin/reports/published-without-review/"),
        ("api-docs", "/api/v1/docs/"),
    ],
    "editor": [
        ("home", "/admin/"),
        ("pages", "/admin/pages/"),
        ("library", "/admin/pages/{library}/"),
        ("article-edit", "/admin/pages/{article}/edit/"),
        ("disclaimers", "/admin/snippets/network/disclaimer/"),
        ("disclaimer-edit", "/admin/snippets/network/disclaimer/edit/{disclaimer}/"),
        ("article-preview-phoenix", "/admin/pages/{article}/view_draft/?mode=clinic-phoenix"),
        ("article-preview-peoria", "/admin/pages/{article}/view_draft/?mode=clinic-peoria"),
    ],
    "phoenix-editor": [
        ("home", "/admin/"),
        ("pages", "/admin/pages/"),
        ("clinic-pages", "/admin/pages/{phoenix_home}/"),
        ("contact-blocks", "/admin/snippets/clinics/contactblock/"),
        ("images", "/admin/images/"),
        ("reports", "/admin/reports/locked/"),
        ("shared-library", "/admin/shared-library/"),
        ("local-texts", "/admin/snippets/articles/localarticletext/"),
        ("local-text-edit", "/admin/snippets/articles/localarticletext/edit/{local_text}/"),
        ("overrides-out-of-date", "/admin/reports/overrides-out-of-date/"),
        ("master-compare", "{master_compare}"),
        ("local-text-confirm", "/admin/local-texts/{local_text}/confirm/"),
        ("overrides", "/admin/snippets/articles/sharedarticleoverride/"),
        ("local-text-preview", "/admin/preview/revisions/{local_text_revision}/phoenix/"),
    ],
    "reviewer": [
        ("home", "/admin/"),
        ("medical-review", "/admin/medical-review/"),
        ("what-changed", "/admin/medical-review/{task_state}/changes/"),
        ("preview-in-review", "/admin/preview/revisions/{revision}/phoenix/"),
        ("history", "/admin/pages/{article}/history/"),
    ],
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(*arguments: str, env: dict) -> None:
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, check=True)


def start_platform(port: int, preview_port: int) -> tuple[list[subprocess.Popen], dict[str, int]]:
    database = Path(tempfile.mkdtemp(prefix="walkthrough-")) / "db.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "REDIS_URL": ""}
    manage("migrate", "--no-input", "-v", "0", env=env)
    manage("load_demo_network", env=env)
    prepared = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", PREPARE],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    ids = json.loads(prepared.stdout.strip().splitlines()[-1])
    prepared = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", PREPARE_WEBHOOKS],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    ids |= {f"webhooks_{name}": value for name, value in json.loads(prepared.stdout.strip().splitlines()[-1]).items()}
    servers = [
        subprocess.Popen(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for command in (
            ("runserver", f"127.0.0.1:{port}", "--noreload"),
            ("demo_preview_site", "--api", f"http://127.0.0.1:{port}", "--port", str(preview_port)),
        )
    ]
    for listening in (port, preview_port):
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", listening), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            for server in servers:
                server.kill()
            raise SystemExit("The platform did not start.")
    return servers, ids


def approve(page, base_url: str) -> None:
    """The reviewer approves from the desk: the confirmation, then the desk with its message."""
    page.goto(f"{base_url}/admin/medical-review/")
    page.get_by_role("button", name="Approve").first.click()
    page.wait_for_selector("text=Confirm: approve and publish")
    page.screenshot(path=OUT / "reviewer-approve-confirmation.png", full_page=True)
    # Each high-severity claim flag needs an answer: confirming without one shows which.
    answers = page.locator("textarea[data-acknowledge-flag]")
    if answers.count():
        for index in range(answers.count()):
            answers.nth(index).fill("")
        page.get_by_role("button", name="Confirm: approve and publish").click()
        page.wait_for_selector("text=Acknowledge this flag")
        page.screenshot(path=OUT / "reviewer-approve-flags-unanswered.png", full_page=True)
        answers = page.locator("textarea[data-acknowledge-flag]")
        for index in range(answers.count()):
            answers.nth(index).fill("Read in context: the sentence stands as written for this walkthrough.")
        page.screenshot(path=OUT / "reviewer-approve-flags-answered.png", full_page=True)
    page.get_by_role("button", name="Confirm: approve and publish").click()
    page.wait_for_selector("text=Approved: live for", timeout=30_000)
    page.screenshot(path=OUT / "reviewer-approved.png", full_page=True)
    print(f"     reviewer      approve from the desk                              {page.url}")


def preview_panel(page, base_url: str, ids: dict[str, int]) -> None:
    """The editor opens the live preview panel beside the article, as Peoria shows it."""
    page.goto(f"{base_url}/admin/pages/{ids['article']}/edit/")
    page.get_by_role("button", name="Toggle preview").click()
    page.wait_for_selector("#id_preview_mode")
    page.select_option("#id_preview_mode", "clinic-peoria")
    page.wait_for_timeout(2500)  # the panel reloads its frame, which loads the clinic's preview website
    page.screenshot(path=OUT / "editor-preview-panel.png", full_page=False)
    print(f"     editor        the live preview panel, as Peoria                  {page.url}")


TYPED_CLAIM = " You can drive yourself home right after the infusion."
IMPLIED_CLAIM = " Your brain will finally get the fresh start it has been waiting for after years of depression."


def claims_as_you_type(page, base_url: str, ids: dict[str, int]) -> None:
    """The editor types a risky sentence: the Claim checks panel flags it within a second, and
    its link leads back to the block."""
    page.goto(f"{base_url}/admin/pages/{ids['free_article']}/edit/")
    page.wait_for_load_state("networkidle")
    panel = page.locator("[data-claims-panel]")
    editor = page.locator('[data-contentpath="body"] [contenteditable="true"]').first
    editor.click()
    page.keyboard.press("Control+End")
    # Five risky sentences typed one after another: the time from the last key to the flag.
    timings = []
    for number in range(1, 6):
        sentence = TYPED_CLAIM.replace("the infusion", f"infusion number {number}")
        page.keyboard.type(sentence, delay=5)
        typed = time.perf_counter()
        panel.locator("text=" + sentence.strip()).wait_for(timeout=10_000)
        timings.append(time.perf_counter() - typed)
    seconds = sorted(timings)[len(timings) // 2]
    panel.scroll_into_view_if_needed()
    page.screenshot(path=OUT / "editor-claims-as-you-type.png", full_page=False)
    print(
        f"     editor        claim flag shown {seconds:.2f} s after typing stopped (median of 5; "
        f"slowest {max(timings):.2f} s)   {page.url}"
    )
    panel.locator("[data-claim-block]").first.click()
    page.wait_for_timeout(800)
    page.screenshot(path=OUT / "editor-claims-flag-to-block.png", full_page=False)
    # A claim no rule matches: the classifier's flag, with the labelled sentences it resembles.
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(IMPLIED_CLAIM, delay=5)
    typed = time.perf_counter()
    flag = panel.locator("[data-claim-rule=classifier]", has_text=IMPLIED_CLAIM.strip())
    flag.wait_for(timeout=10_000)
    seconds = time.perf_counter() - typed
    flag.scroll_into_view_if_needed()
    page.screenshot(path=OUT / "editor-claims-classifier.png", full_page=False)
    print(f"     editor        the classifier's flag shown {seconds:.2f} s after typing stopped   {page.url}")
    # Leave the article as it was: the walkthrough saves nothing here.
    page.goto(f"{base_url}/admin/")


IMPORTED = """Blog
How a Ketamine Infusion Visit Goes
Your visit starts with a short check of your blood pressure and heart rate.
The infusion itself takes about forty minutes. Ketamine infusions are completely safe.
Share
Tweet
Tags: ketamine, visits
Contact Phoenix Ketamine Clinic today to book your consultation.
"""


def import_articles(page, base_url: str) -> None:
    """A clinic's editor imports two files, one of them not text: the report of each."""
    page.goto(f"{base_url}/admin/articles/import/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=OUT / "phoenix-editor-import-form.png", full_page=True)
    page.set_input_files(
        "input[name=files]",
        files=[
            {"name": "visit.txt", "mimeType": "text/plain", "buffer": IMPORTED.encode()},
            {"name": "brochure.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 binary"},
        ],
    )
    page.get_by_role("button", name="Import as drafts").click()
    page.wait_for_selector("[data-import-report]")
    height = page.evaluate("Math.max(...[...document.querySelectorAll('main, body')].map(e => e.scrollHeight))")
    page.set_viewport_size({"width": 1400, "height": max(1000, min(int(height), 4000))})
    page.screenshot(path=OUT / "phoenix-editor-import-report.png", full_page=True)
    page.set_viewport_size({"width": 1400, "height": 1000})
    print(f"     phoenix-editor import two files                                   {page.url}")


def webhooks(
    page, base_url: str, ids: dict[str, int], out: Path = OUT, prefix: str = "administrator-webhooks-"
) -> None:
    """The administrator's webhooks: the endpoints (one flagged) and the home's panel, a new
    endpoint with its secret shown once, a rotation, the deliveries with filters, and the detail
    of a delivery that was given up, with every attempt."""

    def shot(name: str, path: str | None = None) -> None:
        if path is not None:
            response = page.goto(f"{base_url}{path}")
            page.wait_for_load_state("networkidle")
            if response is None or response.status >= 400:
                raise SystemExit(f"{path} answered {response.status if response else 'nothing'}")
        page.wait_for_timeout(400)  # the message of the page, which slides in
        # The admin scrolls inside its main element, which a full-page screenshot does not unroll.
        height = page.evaluate("Math.max(...[...document.querySelectorAll('main, body')].map(e => e.scrollHeight))")
        page.set_viewport_size({"width": 1400, "height": max(1000, min(int(height), 4000))})
        page.screenshot(path=out / f"{prefix}{name}.png", full_page=True)
        page.set_viewport_size({"width": 1400, "height": 1000})
        print(f"     administrator webhooks: {name:<38} {page.url}")

    shot("home", "/admin/")
    shot("endpoints", "/admin/webhooks/")
    shot("endpoint-flagged", f"/admin/webhooks/edit/{ids['webhooks_flagged_endpoint']}/")
    page.goto(f"{base_url}/admin/webhooks/new/?client={ids['webhooks_phoenix_client']}")
    page.fill("#id_url", "http://10.0.0.1/hooks")
    page.get_by_role("button", name="Create").click()
    page.wait_for_selector(".error-message")
    shot("create-refused")
    page.fill("#id_url", "https://localhost:8443/webhooks/content")
    page.fill("#id_description", "Staging website")
    page.check("input[name=event_types][value='contact.changed']")
    page.get_by_role("button", name="Create").click()
    page.wait_for_selector("#webhook-secret-value")
    shot("created-secret-once")
    page.get_by_role("button", name="Send a test event").click()
    page.wait_for_selector("text=is queued")
    shot("test-event-queued")
    page.goto(f"{base_url}/admin/webhooks/{ids['webhooks_endpoint']}/rotate-secret/")
    shot("rotate-confirm")
    page.get_by_role("button", name="Yes, rotate the secret").click()
    page.wait_for_selector("#webhook-secret-value")
    shot("rotated-secret-once")
    shot("deliveries", "/admin/webhook-deliveries/")
    shot(
        "deliveries-filtered", f"/admin/webhook-deliveries/?endpoint={ids['webhooks_flagged_endpoint']}&status=given_up"
    )
    page.click("button[aria-label='Show filters']")
    page.click("button[aria-controls='drilldown-id_status']")
    page.wait_for_timeout(500)
    shot("deliveries-filters-open")
    shot("delivery-given-up", f"/admin/webhook-deliveries/{ids['webhooks_failed_delivery']}/")
    page.get_by_role("button", name="Redeliver").click()
    page.wait_for_selector("text=is sent again")
    shot("redelivered")
    shot("delivery-retrying", f"/admin/webhook-deliveries/{ids['webhooks_retrying_delivery']}/")


def walk(base_url: str, pages: dict, ids: dict[str, int]) -> list[str]:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(exist_ok=True)
    failures = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for role, visits in pages.items():
            username, password = LOGINS[role]
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            page.goto(f"{base_url}/admin/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", password)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            for name, path in visits:
                path = path.format(**ids)
                response = page.goto(f"{base_url}{path}")
                page.wait_for_load_state("networkidle")
                target = OUT / f"{role}-{name}.png"
                page.screenshot(path=target, full_page=True)
                status = response.status if response else 0
                print(f"{status}  {role:<13} {path:<50} {target.relative_to(ROOT)}")
                if status >= 400:
                    failures.append(f"{role} {path}: {status}")
            if role == "reviewer":
                approve(page, base_url)
            if role == "editor":
                preview_panel(page, base_url, ids)
                claims_as_you_type(page, base_url, ids)
            if role == "phoenix-editor":
                import_articles(page, base_url)
            if role == "administrator":
                webhooks(page, base_url, ids)
            context.close()
        browser.close()
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="port for the platform (default: a free one)")
    options = parser.parse_args()
    port = options.port or free_port()
    servers, ids = start_platform(port, free_port())
    try:
        failures = walk(f"http://127.0.0.1:{port}", PAGES, ids)
    finally:
        for server in servers:
            server.terminate()
            server.wait()
    if failures:
        raise SystemExit("Pages that answered an error:\n  " + "\n  ".join(failures))


if __name__ == "__main__":
    main()
