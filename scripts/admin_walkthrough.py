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
    decide_review(content=ArticlePage.objects.get(pk=master.pk), user=reviewer, approve=True)
    article.summary = article.summary + " Updated for the walkthrough."
    article.save_revision(user=editor)
    submit_for_review(content=article, user=editor)
master.refresh_from_db()
print(json.dumps({
    "local_text": local_text.pk,
    "master_compare": f"/admin/pages/{master.pk}/revisions/compare/{local_text.master_revision_id}...{master.live_revision_id}/",
    "article": article.pk,
    "library": SharedLibraryPage.objects.get(locale__language_code="en").pk,
    "clinic": Clinic.objects.get(slug="phoenix").pk,
    "phoenix_home": Clinic.objects.get(slug="phoenix").site.root_page_id,
    "disclaimer": Disclaimer.objects.filter(live=True).first().pk,
    "task_state": awaiting_review().first().pk,
    "revision": awaiting_review().first().revision_id,
    "local_text_revision": local_text.latest_revision_id,
}))
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
