"""The reviewer's desk, through the real admin views: what changed since the last approval, the
history, the approve confirmation, the way back to the dashboard, notifications, the audit
record, and careless or hostile decisions."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.admin.views.generic.workflow import WorkflowAction
from wagtail.log_actions import registry as log_registry
from wagtail.models import PageLogEntry, TaskState

from articles.models import ArticlePage, SharedArticleOverride
from clinics.models import Clinic
from network.models import Disclaimer, MedicalReview, ReviewSettings, SharedLibraryPage
from network.review import add_months, submit_for_review
from network.services import make_medical_reviewer
from tests.admin_forms import article_form_data
from tests.factories import ArticlePageFactory, approve_and_publish
from tests.network.conftest import logged_in

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
DASHBOARD = "/admin/medical-review/"


def library() -> SharedLibraryPage:
    return SharedLibraryPage.objects.get(locale__language_code="en")


def workflow_action_url(page, action, task_state) -> str:
    return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))


def in_review(page, *, editor, title=None):
    """Save a revision (optionally retitled) and submit it for medical review as the editor."""
    if title:
        page.title = title
    page.save_revision(user=editor)
    submit_for_review(content=page, user=editor)
    page.refresh_from_db()
    return page.current_workflow_task_state


def format_day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def expected_due() -> datetime.date:
    return add_months(timezone.localdate(), ReviewSettings.load().review_interval_months)


def followed_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def approved_article(editor, reviewer):
    page = ArticlePageFactory(parent=library(), title="Ketamine and blood pressure", slug="ketamine-blood-pressure")
    return approve_and_publish(page, editor=editor, reviewer=reviewer)


@pytest.fixture
def plain_user(db):
    """Can use the admin, edits nothing, reviews nothing."""
    user = get_user_model().objects.create_user("visitor", "visitor@example.com", "x")
    group = Group.objects.create(name="Admin visitors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


# 1. See what changed


def test_reviewer_compares_with_the_last_approved_revision_not_the_previous_save(approved_article, editor, reviewer):
    page = approved_article
    page.title = "An intermediate save nobody submitted"
    page.save_revision(user=editor)
    task_state = in_review(page, editor=editor, title="Ketamine and blood pressure: what to expect")

    response = logged_in(reviewer).get(reverse("medical_review_changes", args=(task_state.pk,)))

    assert response.status_code == 200
    html = response.content.decode()
    assert "last approved revision" in html
    assert "approved by Dr. Jordan Sample, MD" in html
    comparison = html[html.index("</thead>") :]
    assert "Ketamine and blood pressure" in comparison
    assert "what to expect" in comparison
    assert "An intermediate save" not in comparison


def test_new_content_says_it_is_new(editor, reviewer):
    page = ArticlePageFactory(parent=library(), title="Brand new article", slug="brand-new-article")
    task_state = in_review(page, editor=editor)

    response = logged_in(reviewer).get(reverse("medical_review_changes", args=(task_state.pk,)))

    assert response.status_code == 200
    html = response.content.decode()
    assert "New content: never approved in medical review" in html
    assert "Brand new article" in html[html.index("</thead>") :]


def test_reviewer_opens_history_and_wagtail_comparison_of_approved_article_and_disclaimer(approved_article, reviewer):
    client = logged_in(reviewer)
    page = approved_article
    revisions = list(page.revisions.order_by("created_at").values_list("pk", flat=True))

    assert client.get(reverse("wagtailadmin_pages:history", args=(page.pk,))).status_code == 200
    compare = reverse("wagtailadmin_pages:revisions_compare", args=(page.pk, "earliest", revisions[-1]))
    assert client.get(compare).status_code == 200

    disclaimer = Disclaimer.objects.filter(live=True).first()
    viewset = Disclaimer.snippet_viewset
    assert client.get(reverse(viewset.get_url_name("history"), args=(disclaimer.pk,))).status_code == 200
    latest = disclaimer.revisions.order_by("-created_at").first()
    compare = reverse(viewset.get_url_name("revisions_compare"), args=(disclaimer.pk, "earliest", latest.pk))
    assert client.get(compare).status_code == 200


def test_history_and_comparison_stay_closed_to_non_reviewers(approved_article, plain_user):
    client = logged_in(plain_user)
    page = approved_article
    assert client.get(reverse("wagtailadmin_pages:history", args=(page.pk,))).status_code in (302, 403)
    latest = page.revisions.order_by("-created_at").first()
    compare = reverse("wagtailadmin_pages:revisions_compare", args=(page.pk, "earliest", latest.pk))
    assert client.get(compare).status_code in (302, 403)
    disclaimer = Disclaimer.objects.filter(live=True).first()
    history = reverse(Disclaimer.snippet_viewset.get_url_name("history"), args=(disclaimer.pk,))
    assert client.get(history).status_code in (302, 403)


def test_dashboard_and_approve_step_link_to_the_comparison(approved_article, editor, reviewer):
    task_state = in_review(approved_article, editor=editor, title="Retitled for review")
    client = logged_in(reviewer)
    changes = reverse("medical_review_changes", args=(task_state.pk,))

    assert changes in client.get(DASHBOARD).content.decode()
    modal = client.get(workflow_action_url(approved_article, "approve", task_state), **XHR).json()
    assert changes in modal["html"]


# 2. Know what you approve


def test_approve_confirmation_names_clinics_locale_credentials_and_due_date(editor, reviewer):
    page = ArticlePageFactory(parent=library(), title="Shared article to approve", slug="shared-to-approve")
    fayetteville = Clinic.objects.get(slug="fayetteville")
    SharedArticleOverride.objects.create(clinic=fayetteville, article=page, hidden=True)
    task_state = in_review(page, editor=editor)

    response = logged_in(reviewer).get(workflow_action_url(page, "approve", task_state), **XHR)

    assert response.status_code == 200
    html = response.json()["html"]
    showing = Clinic.objects.exclude(pk=fayetteville.pk).order_by("name")
    assert f"{showing.count()} clinics:" in html
    for clinic in showing:
        assert clinic.name in html
    assert fayetteville.name not in html
    assert "in English" in html
    assert "Dr. Jordan Sample, MD" in html
    assert format_day(expected_due()) in html
    assert f"revision {task_state.revision_id}" in html
    assert "Confirm: approve and publish" in html


def test_a_clinic_article_reaches_its_clinic_only(editor, reviewer):
    phoenix = Clinic.objects.get(slug="phoenix")
    page = ArticlePageFactory(parent=phoenix.site.root_page, title="Phoenix parking", slug="phoenix-parking")
    task_state = in_review(page, editor=editor)

    html = logged_in(reviewer).get(workflow_action_url(page, "approve", task_state), **XHR).json()["html"]

    assert f"1 clinic: {phoenix.name}" in html
    for other in Clinic.objects.exclude(pk=phoenix.pk):
        assert other.name not in html


# 3. Come back to your desk


def test_approving_returns_to_the_dashboard_with_what_it_did(editor, reviewer):
    page = ArticlePageFactory(parent=library(), title="Approved from the modal", slug="approved-from-modal")
    task_state = in_review(page, editor=editor)
    client = logged_in(reviewer)

    response = client.post(workflow_action_url(page, "approve", task_state), {"comment": "Accurate."})

    assert response.status_code == 302
    assert response.url == f"{DASHBOARD}?decided={task_state.pk}"
    response = client.get(response.url, follow=True)
    assert response.status_code == 200
    clinics = Clinic.objects.count()
    assert followed_messages(response) == [
        f"Approved: live for {clinics} clinics, next review due {format_day(expected_due())}."
    ]
    page.refresh_from_db()
    assert page.live and page.live_revision_id == task_state.revision_id


def test_the_modal_answers_with_the_dashboard_as_redirect(editor, reviewer):
    page = ArticlePageFactory(parent=library(), title="Approved by XHR", slug="approved-by-xhr")
    task_state = in_review(page, editor=editor)

    response = logged_in(reviewer).post(workflow_action_url(page, "approve", task_state), {"comment": ""}, **XHR)

    assert response.json()["redirect"] == f"{DASHBOARD}?decided={task_state.pk}"


def test_requesting_changes_returns_to_the_dashboard_and_tells_the_editor(editor, reviewer):
    page = ArticlePageFactory(parent=library(), title="Needs a source", slug="needs-a-source")
    task_state = in_review(page, editor=editor)
    client = logged_in(reviewer)
    mail.outbox.clear()

    response = client.post(workflow_action_url(page, "reject", task_state), {"comment": "Cite the trial."}, follow=True)

    assert response.redirect_chain[0][0] == f"{DASHBOARD}?decided={task_state.pk}"
    assert response.status_code == 200
    assert followed_messages(response) == ["Changes requested: the editor was told."]
    to_editor = [message for message in mail.outbox if message.to == [editor.email]]
    assert len(to_editor) == 1
    assert to_editor[0].subject.startswith("Changes requested in medical review")
    assert "Cite the trial." in to_editor[0].body
    assert "Dr. Jordan Sample, MD" in to_editor[0].body
    assert "reject" not in (to_editor[0].subject + to_editor[0].body).lower()


def test_approving_from_the_editor_returns_to_the_dashboard(editor, reviewer):
    page = ArticlePageFactory(parent=library(), title="Approved in the editor", slug="approved-in-editor")
    task_state = in_review(page, editor=editor)
    client = logged_in(reviewer)
    data = article_form_data(
        title=page.title,
        slug=page.slug,
        **{
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": json.dumps({"comment": ""}),
        },
    )

    response = client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)

    assert response.status_code == 302
    assert response.url == f"{DASHBOARD}?decided={task_state.pk}"
    assert MedicalReview.objects.filter(task_state=task_state, decision=MedicalReview.APPROVED).count() == 1


def test_the_approval_e_mail_to_the_editor_reads_as_medical_review(editor, reviewer):
    page = ArticlePageFactory(parent=library(), title="Told when approved", slug="told-when-approved")
    task_state = in_review(page, editor=editor)
    mail.outbox.clear()

    logged_in(reviewer).post(workflow_action_url(page, "approve", task_state), {"comment": ""})

    to_editor = [message for message in mail.outbox if message.to == [editor.email]]
    assert len(to_editor) == 1
    assert to_editor[0].subject.startswith("Approved in medical review")
    assert f"next review due {format_day(expected_due())}" in to_editor[0].body


def test_dashboard_shows_submission_resubmission_previous_comment_and_recent_approvals(
    approved_article, editor, reviewer
):
    page = ArticlePageFactory(parent=library(), title="Sent back once", slug="sent-back-once")
    first = in_review(page, editor=editor)
    client = logged_in(reviewer)
    client.post(workflow_action_url(page, "reject", first), {"comment": "Say who should not have ketamine."})
    page.refresh_from_db()
    page.title = "Sent back once (revised)"
    page.save_revision(user=editor)
    page.current_workflow_state.resume(user=editor)

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Medical review" in html[html.index("<h1") : html.index("</h1>")]
    awaiting = html[html.index('id="awaiting"') : html.index('id="recent"')]
    assert "Sent back once" in awaiting
    assert "Resubmitted" in awaiting
    assert "Say who should not have ketamine." in awaiting
    assert "by editor" in awaiting or f"by {editor.get_full_name()}" in awaiting
    page.refresh_from_db()
    started = timezone.localtime(page.current_workflow_task_state.started_at)
    assert started.strftime("%H:%M") in awaiting
    recent = html[html.index('id="recent"') : html.index('id="due-soon"')]
    assert "Ketamine and blood pressure" in recent


# 4. Be told


def test_reviewers_are_e_mailed_on_submission_and_nobody_else(editor, reviewer, plain_user):
    User = get_user_model()
    second = User.objects.create_user("second-reviewer", "second-reviewer@example.com", "x")
    make_medical_reviewer(user=second, display_name="Dr. Casey Example", credentials="DO")
    retired = User.objects.create_user("retired-reviewer", "retired-reviewer@example.com", "x")
    make_medical_reviewer(user=retired, display_name="Dr. Former Example", credentials="MD", is_active=False)
    mail.outbox.clear()

    response = logged_in(editor).post(
        reverse("wagtailadmin_pages:add", args=("articles", "articlepage", library().pk)),
        article_form_data(title="Submitted by the editor", slug="submitted-by-editor", **{"action-submit": "1"}),
        follow=True,
    )

    assert response.status_code == 200
    assert any("submitted for medical review" in m for m in followed_messages(response))
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([reviewer.email, second.email])
    message = next(m for m in mail.outbox if m.to == [reviewer.email])
    assert message.subject == 'Submitted for medical review: article "Submitted by the editor"'
    page = ArticlePage.objects.get(slug="submitted-by-editor")
    assert reverse("medical_review_changes", args=(page.current_workflow_task_state.pk,)) in message.body
    assert "moderation" not in message.body


def test_reviewers_see_the_count_in_the_menu_and_on_the_admin_home(editor, reviewer, plain_user):
    page = ArticlePageFactory(parent=library(), title="Counted", slug="counted")
    in_review(page, editor=editor)
    from network.review import awaiting_review

    count = awaiting_review().count()
    home = logged_in(reviewer).get("/admin/").content.decode()
    assert f'data-awaiting-count="{count}"' in home
    assert f"Medical review ({count})" in home
    assert "data-awaiting-count" not in logged_in(plain_user).get("/admin/").content.decode()


# 5. The audit history reads as a record


def test_history_entries_read_as_a_medical_review_record(editor, reviewer):
    page = ArticlePageFactory(parent=library(), title="On the record", slug="on-the-record")
    client = logged_in(reviewer)
    task_state = in_review(page, editor=editor)
    client.post(workflow_action_url(page, "reject", task_state), {"comment": "Add the crisis line."})
    page.refresh_from_db()
    page.current_workflow_state.resume(user=editor)
    page.refresh_from_db()
    client.post(workflow_action_url(page, "approve", page.current_workflow_task_state), {"comment": "Good."})

    entries = PageLogEntry.objects.filter(page=page)
    approval = entries.get(action="network.medical_review.approve")
    rejection = entries.get(action="network.medical_review.reject")
    due = format_day(expected_due())
    assert approval.message == f"Medically approved by Dr. Jordan Sample, MD; next review due {due}"
    assert approval.comment == "Good."
    assert rejection.message == "Changes requested in medical review by Dr. Jordan Sample, MD"
    assert rejection.comment == "Add the crisis line."
    assert entries.get(action="wagtail.workflow.reject").message == "Changes requested at 'Medical review'"
    assert entries.get(action="wagtail.workflow.start").message == "Submitted for medical review"
    assert entries.get(action="wagtail.workflow.resume").message == "Resubmitted for medical review"

    history = client.get(reverse("wagtailadmin_pages:history", args=(page.pk,))).content.decode()
    assert f"Medically approved by Dr. Jordan Sample, MD; next review due {due}" in history
    assert "bound method" not in history
    assert "Rejected" not in history
    assert log_registry.get_formatter(approval).label == "Medical review: approved"


# Careless and hostile reviewers


def test_a_non_reviewer_posting_approve_is_refused_and_nothing_is_recorded(editor, plain_user):
    page = ArticlePageFactory(parent=library(), title="Not yours", slug="not-yours")
    task_state = in_review(page, editor=editor)

    for user in (plain_user, editor):
        response = logged_in(user).post(workflow_action_url(page, "approve", task_state), {"comment": ""})
        assert response.status_code in (302, 403)
        assert not MedicalReview.objects.filter(task_state=task_state).exists()
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS


def test_request_changes_without_a_comment_is_a_validation_message(editor, reviewer):
    page = ArticlePageFactory(parent=library(), title="Needs a comment", slug="needs-a-comment")
    task_state = in_review(page, editor=editor)
    client = logged_in(reviewer)

    response = client.post(workflow_action_url(page, "reject", task_state), {"comment": "   "}, **XHR)

    assert response.status_code == 200
    assert response.json()["step"] == "action"
    assert "Say what needs to change" in response.json()["html"]
    collect = reverse("wagtailadmin_pages:collect_workflow_action_data", args=(page.pk, "reject", task_state.pk))
    assert "Say what needs to change" in client.post(collect, {"comment": ""}, **XHR).json()["html"]
    assert not MedicalReview.objects.filter(task_state=task_state).exists()
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS


def test_approving_twice_records_one_approval_and_says_so(editor, reviewer):
    page = ArticlePageFactory(parent=library(), title="Double click", slug="double-click")
    task_state = in_review(page, editor=editor)
    client = logged_in(reviewer)
    url = workflow_action_url(page, "approve", task_state)

    first = client.post(url, {"comment": "", "next": DASHBOARD})
    second = client.post(url, {"comment": "", "next": DASHBOARD}, follow=True)

    assert first.status_code == 302
    assert second.status_code == 200
    assert second.redirect_chain[-1][0] == DASHBOARD
    assert any("already been decided" in m for m in followed_messages(second))
    assert MedicalReview.objects.filter(object_id=str(page.pk)).count() == 1


def test_a_decision_racing_another_records_nothing_twice(editor, reviewer):
    """Two requests that both read the task state before either decided it (a double submit
    racing itself): the second finds it decided under the row lock."""
    page = ArticlePageFactory(parent=library(), title="Raced", slug="raced")
    task_state = in_review(page, editor=editor)
    stale = TaskState.objects.get(pk=task_state.pk).specific
    task = task_state.task.specific

    first = task.on_action(task_state.specific, reviewer, "approve", comment="")
    second = task.on_action(stale, reviewer, "approve", comment="")

    assert first == second == f"{DASHBOARD}?decided={task_state.pk}"
    assert MedicalReview.objects.filter(object_id=str(page.pk)).count() == 1
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").count() == 1


def test_the_workflow_action_view_still_redirects_to_what_on_action_returns():
    """Upgrade guard: the way back to the desk relies on Wagtail's workflow action view redirecting
    to the URL the task's ``on_action`` returns."""
    import inspect

    assert "on_action(" in inspect.getsource(WorkflowAction.post)
    assert "or self.redirect_url" in inspect.getsource(WorkflowAction.post)


def test_the_compiled_wording_matches_the_catalogue():
    """network/locale/en's .mo is committed: every rewording in the .po is what the admin says
    (fails when the .po changed and `make messages` was not run)."""
    import re
    from pathlib import Path

    from django.utils import translation

    catalogue = Path(__file__).resolve().parents[2] / "network/locale/en/LC_MESSAGES/django.po"
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', catalogue.read_text(), flags=re.MULTILINE)
    assert len(pairs) > 10
    with translation.override("en"):
        for msgid, msgstr in pairs:
            assert translation.gettext(msgid.replace('\\"', '"')) == msgstr.replace('\\"', '"'), msgid


def test_content_in_review_is_described_as_in_medical_review_not_moderation(approved_article, editor):
    """What the editor reads on the edit view (the lock notice) and in the library's explorer
    (the status) while an article awaits its reviewer."""
    in_review(approved_article, editor=editor, title="Retitled for review")
    client = logged_in(editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(approved_article.pk,))).content.decode()
    explorer = client.get(reverse("wagtailadmin_explore", args=(library().pk,))).content.decode()
    assert "submitted for medical review" in edit
    assert "live + in medical review" in explorer
    for page in (edit, explorer):
        text = strip_tags(page).lower()  # what the editor reads, not the class names
        assert "moderation" not in text, text[max(0, text.find("moderation") - 200) :][:400]
