"""The admin at scale, for ``make bench``: logged-in requests through the real admin views, as a
clinic editor, a medical reviewer and an administrator of the generated network, each view timed
(p50 and p90 of sequential requests, after warming) with its query count. Prints JSON.

Run by ``bench/run.py`` for each network size, with the benchmark's settings and database in
the environment. It adds what the views show to the generated network, once: a clinic editor of
the first clinic, an administrator, and the first clinic's local text of a shared article whose
master changed since (so the drift report and dashboard have a row)."""

import json
import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from articles.models import ArticlePage, LocalArticleText  # noqa: E402
from clinics.models import Clinic  # noqa: E402
from clinics.services import ensure_clinic_editors_group  # noqa: E402
from network.models import SharedLibraryPage  # noqa: E402
from network.review import decide_review, submit_for_review  # noqa: E402

TIMES = int(os.environ.get("BENCH_ADMIN_TIMES", "15"))
WARM = 2


def people_and_drift() -> dict:
    """The users the views are read as, and what they show, made once per network."""
    User = get_user_model()
    clinic = Clinic.objects.order_by("pk").first()
    group = ensure_clinic_editors_group(clinic=clinic)
    editor, made = User.objects.get_or_create(username="bench-clinic-editor")
    if made:
        editor.groups.add(group)
    admin, made = User.objects.get_or_create(username="bench-admin", defaults={"is_superuser": True, "is_staff": True})
    reviewer = User.objects.get(username="generated-reviewer")
    network_editor = User.objects.get(username="generated-editor")
    home = clinic.site.root_page
    library = SharedLibraryPage.objects.get(locale__language_code="en")
    if not LocalArticleText.objects.filter(clinic=clinic).exists():
        master = ArticlePage.objects.child_of(library).live().order_by("-pk").first()
        text = LocalArticleText.objects.create(
            clinic=clinic, article=master, introduction="<p>Our clinic's introduction.</p>", live=False
        )
        text.save_revision(user=editor)
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            submit_for_review(content=text, user=editor)
            decide_review(
                content=LocalArticleText.objects.get(pk=text.pk),
                user=reviewer,
                approve=True,
                acknowledge_every_flag="Acknowledged for this run.",
            )
            master = ArticlePage.objects.get(pk=master.pk)
            master.summary = master.summary + " Revised."
            master.save_revision(user=network_editor)
            submit_for_review(content=master, user=network_editor)
            decide_review(
                content=ArticlePage.objects.get(pk=master.pk),
                user=reviewer,
                approve=True,
                acknowledge_every_flag="Acknowledged for this run.",
            )
    article = ArticlePage.objects.child_of(home).live().order_by("-pk").first()
    return {"editor": editor, "reviewer": reviewer, "admin": admin, "home": home, "article": article}


def views(found: dict) -> list[tuple[str, object, str]]:
    home, article = found["home"], found["article"]
    editor, reviewer, admin = found["editor"], found["reviewer"], found["admin"]
    return [
        ("clinic editor: dashboard", editor, "/admin/"),
        ("clinic editor: their clinic's articles (explorer)", editor, f"/admin/pages/{home.pk}/"),
        ("clinic editor: edit an article", editor, f"/admin/pages/{article.pk}/edit/"),
        ("clinic editor: contact blocks", editor, "/admin/snippets/clinics/contactblock/"),
        ("clinic editor: local texts", editor, "/admin/snippets/articles/localarticletext/"),
        ("clinic editor: image chooser", editor, "/admin/images/chooser/"),
        ("clinic editor: the shared library", editor, "/admin/shared-library/"),
        ("clinic editor: overrides out of date", editor, "/admin/reports/overrides-out-of-date/"),
        ("reviewer: dashboard", reviewer, "/admin/"),
        ("reviewer: medical review desk (unreviewed included)", reviewer, "/admin/medical-review/"),
        ("reviewer: published without medical review", reviewer, "/admin/reports/published-without-review/"),
        ("administrator: overrides out of date", admin, "/admin/reports/overrides-out-of-date/"),
    ]


def measure(client: Client, path: str) -> dict:
    for _ in range(WARM):
        client.get(path)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    counted = len(queries)  # now: the next request's start clears the connection's query log
    took = []
    for _ in range(TIMES):
        started = time.perf_counter()
        client.get(path)
        took.append((time.perf_counter() - started) * 1000)
    took.sort()
    return {
        "status": status,
        "queries": counted,
        "p50": statistics.median(took),
        "p90": took[int(len(took) * 0.9) - 1] if len(took) >= 10 else took[-1],
    }


def main() -> None:
    found = people_and_drift()
    results = {}
    clients: dict = {}
    for name, user, path in views(found):
        client = clients.get(user.pk)
        if client is None:
            client = clients[user.pk] = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
            client.force_login(user)
        results[name] = {"path": path, **measure(client, path)}
    print(json.dumps(results))


if __name__ == "__main__":
    main()
