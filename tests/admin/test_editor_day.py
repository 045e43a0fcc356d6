"""An editor's day in the real admin views: what they see of medical review (edit views,
listings, the report), and that nobody, administrators included, publishes reviewed content
around it, whether by the buttons Wagtail offers or by a crafted POST."""

import datetime
import html
import re
from pathlib import Path

import pytest
import time_machine
import wagtail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale, PageLogEntry
from wagtail.test.utils.form_data import rich_text

from articles.models import ArticleCategory, ArticlePage
from clinics.models import Clinic, ContactBlock
from network.models import Disclaimer, MedicalReview, SharedLibraryPage
from network.review import decide_review, submit_for_review
from tests.admin_forms import article_form_data
from tests.factories import ArticlePageFactory, approve_and_publish
from tests.network.conftest import logged_in

pytestmark = pytest.mark.django_db

SHARED = "what-is-ketamine-infusion-therapy"
PHOENIX_ARTICLE = "your-first-visit-to-ahwatukee-ketamine-clinic"
WAGTAIL_ADMIN_TEMPLATES = Path(wagtail.__file__).parent / "admin" / "templates" / "wagtailadmin"


def library(code="en") -> SharedLibraryPage:
    return SharedLibraryPage.objects.get(locale__language_code=code)


def shared_article(code="en") -> ArticlePage:
    return ArticlePage.objects.get(slug=SHARED, locale__language_code=code)


def phoenix_article() -> ArticlePage:
    return ArticlePage.objects.get(slug=PHOENIX_ARTICLE, locale__language_code="en")


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def disclaimer_edit_url(disclaimer) -> str:
    return reverse("wagtailsnippets_network_disclaimer:edit", args=(disclaimer.pk,))


def served_title(api, slug: str, clinic: str = "peoria") -> str | None:
    response = api.get(f"/api/v1/clinics/{clinic}/articles/{slug}/")
    return response.json()["title"] if response.status_code == 200 else None


def edit_form_data(page, **changes) -> dict:
    """The article's edit form as the admin submits it, from its latest revision."""
    draft = page.get_latest_revision_as_object()
    body = []
    for child in draft.body:
        if child.block_type == "paragraph":
            body.append(("paragraph", rich_text(child.value.source)))
        elif child.block_type in ("heading", "contact"):
            body.append((child.block_type, dict(child.value)))
    return article_form_data(
        title=changes.pop("title", draft.title),
        slug=draft.slug,
        summary=draft.summary,
        body=body,
        **changes,
    )


def page_text(response) -> str:
    """The page's words, without tags, whitespace collapsed."""
    words = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))
    return words.replace(" .", ".")


def page_html(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def action_names(response) -> list[str]:
    """The names of the action menu's buttons (Publish is ``action-publish``)."""
    return re.findall(r'name="(action-[a-z-]+)"', response.content.decode())


# Review status on the edit view --------------------------------------------------------------


def test_edit_view_shows_who_approved_the_served_revision_and_when_it_is_due(superuser):
    article = shared_article()
    approval = article.live_review
    response = logged_in(superuser).get(edit_url(article))
    assert response.status_code == 200
    text = page_text(response)
    revision_number = article.revisions.filter(pk__lte=approval.revision_id).count()
    assert (
        f"Approved by Dr. Jordan Sample, MD, on {approval.reviewed_at:%-d %b %Y} (revision {revision_number})" in text
    )
    assert f"next review due {approval.next_review_due:%-d %b %Y}" in text
    assert "Served to clinic websites" in text
    assert "Your draft is not reviewed yet" not in text


def test_a_newer_draft_is_marked_not_reviewed_while_the_approved_one_is_served(editor, network_api):
    article = shared_article()
    served_before = served_title(network_api, SHARED)
    draft = article.get_latest_revision_as_object()
    draft.title = "A newer, unreviewed title"
    draft.save_revision(user=editor)
    text = page_text(logged_in(editor).get(edit_url(article)))
    assert "Your draft is not reviewed yet" in text
    assert "Approved by Dr. Jordan Sample, MD" in text
    assert served_title(network_api, SHARED) == served_before


def test_content_never_approved_says_it_is_not_served(editor):
    page = ArticlePageFactory(parent=library(), slug="never-approved")
    page.save_revision(user=editor)
    text = page_text(logged_in(editor).get(edit_url(page)))
    assert "Not yet approved: not served" in text
    assert "Approved by" not in text


def test_the_edit_view_of_a_new_article_says_it_is_not_served_until_approved(editor):
    url = reverse("wagtailadmin_pages:add", args=("articles", "articlepage", library().pk))
    assert "Not yet approved: not served" in page_text(logged_in(editor).get(url))


@pytest.mark.parametrize(
    ("days_before_due", "expected"),
    [(-1, "Review overdue. Still served, marked overdue."), (10, "Review due soon. Served until then.")],
)
def test_overdue_and_due_soon_follow_the_clock(superuser, days_before_due, expected):
    article = shared_article()
    due = article.live_review.next_review_due
    moment = datetime.datetime.combine(due - datetime.timedelta(days=days_before_due), datetime.time(12))
    with time_machine.travel(timezone.make_aware(moment), tick=False):
        text = page_text(logged_in(superuser).get(edit_url(article)))
    assert expected in text


def test_changes_requested_shows_the_comment_and_one_resubmit_action(editor, reviewer):
    article = shared_article()
    draft = article.get_latest_revision_as_object()
    draft.title = "Needs a source"
    draft.save_revision(user=editor)
    submit_for_review(content=article, user=editor)
    decide_review(content=article, user=reviewer, approve=False, comment="Please cite the source of the 70% figure.")

    response = logged_in(editor).get(edit_url(article))
    text = page_text(response)
    assert "Changes requested by Dr. Jordan Sample, MD" in text
    assert "Please cite the source of the 70% figure." in text
    names = action_names(response)
    assert names.count("action-submit") == 1
    assert "action-cancel-workflow" not in names
    assert "action-restart-workflow" not in names
    assert "action-publish" not in names
    assert "Resubmit for medical review" in text
    assert "Resubmit to" not in text

    # Resubmitting takes the banner away: the reviewer has it again.
    response = logged_in(editor).post(edit_url(article), edit_form_data(article, **{"action-submit": "1"}))
    assert response.status_code == 302
    text = page_text(logged_in(editor).get(edit_url(article)))
    assert "Awaiting medical review" in text
    assert "Please cite the source" not in text


def test_a_disclaimer_edit_view_shows_its_review_status(superuser):
    disclaimer = Disclaimer.objects.filter(locale__language_code="en", live=True).first()
    text = page_text(logged_in(superuser).get(disclaimer_edit_url(disclaimer)))
    assert "Approved by Dr. Jordan Sample, MD" in text
    assert "next review due" in text


def test_a_contact_block_edit_view_says_it_is_served_once_published(superuser):
    block = ContactBlock.objects.get(clinic__slug="phoenix", locale__language_code="en")
    url = reverse("wagtailsnippets_clinics_contactblock:edit", args=(block.pk,))
    assert "Published: served" in page_text(logged_in(superuser).get(url))


# Review status in listings, without a query per row -----------------------------------------


# Wagtail's simple_translation asks, for each translatable snippet row, whether a locale is left to
# translate into (its "Translate" button): one query per row that is Wagtail's, not ours.
WAGTAIL_TRANSLATE_BUTTON_QUERY = re.compile(r'^SELECT 1 AS "a" FROM "wagtailcore_locale" WHERE NOT')


def count_queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    ours = [q for q in queries.captured_queries if not WAGTAIL_TRANSLATE_BUTTON_QUERY.match(q["sql"])]
    return len(ours), page_text(response)


def test_the_library_explorer_has_review_columns_at_a_fixed_query_count(superuser, editor):
    client = logged_in(superuser)
    url = reverse("wagtailadmin_explore", args=(library().pk,))
    client.get(url)  # warm per-process caches (content types, settings)
    before, text = count_queries(client, url)
    assert "Medical review" in text and "Next review due" in text
    assert "Approved" in text
    due = shared_article().live_review.next_review_due
    assert f"{due:%-d %b %Y}" in text

    for number in range(4):
        approve_and_publish(ArticlePageFactory(parent=library(), slug=f"listing-{number}"))
    draft = ArticlePageFactory(parent=library(), slug="listing-draft", title="Listing draft")
    draft.save_revision(user=editor)
    after, text = count_queries(client, url)
    assert "Not yet approved: not served" in text
    assert after == before


def test_a_clinic_explorer_has_review_columns_at_a_fixed_query_count(superuser):
    client = logged_in(superuser)
    home = Clinic.objects.get(slug="phoenix").site.root_page
    url = reverse("wagtailadmin_explore", args=(home.pk,))
    client.get(url)
    before, text = count_queries(client, url)
    assert "Next review due" in text
    for number in range(3):
        approve_and_publish(ArticlePageFactory(parent=home, slug=f"phoenix-listing-{number}"))
    after, _ = count_queries(client, url)
    assert after == before


def test_the_disclaimer_listing_has_review_columns_at_a_fixed_query_count(superuser, editor):
    client = logged_in(superuser)
    url = reverse("wagtailsnippets_network_disclaimer:list")
    client.get(url)
    before, text = count_queries(client, url)
    assert "Medical review" in text and "Next review due" in text
    for number in range(3):
        approve_and_publish(
            Disclaimer.objects.create(title=f"Listing disclaimer {number}", body="<p>Text.</p>", live=False)
        )
    after, text = count_queries(client, url)
    assert "Listing disclaimer 2" in text
    assert after == before


def test_the_contact_block_listing_has_a_status_column_at_a_fixed_query_count(superuser):
    client = logged_in(superuser)
    url = reverse("wagtailsnippets_clinics_contactblock:list")
    client.get(url)
    before, text = count_queries(client, url)
    assert "Published: served" in text
    spanish = Locale.objects.get(language_code="es")
    for slug in ("peoria", "fayetteville"):
        clinic = Clinic.objects.get(slug=slug)
        if not ContactBlock.objects.filter(clinic=clinic, locale=spanish).exists():
            source = ContactBlock.objects.get(clinic=clinic, locale__language_code="en")
            copy = source.copy_for_translation(spanish)
            copy.save()
    after, _ = count_queries(client, url)
    assert after == before


# No publish around review, for anyone --------------------------------------------------------


def reviewer_in_task(article, editor):
    submit_for_review(content=article, user=editor)


@pytest.mark.parametrize("who", ["superuser", "editor", "clinic_editor", "reviewer"])
def test_no_publish_action_for_anyone_on_reviewed_articles(request, who, editor):
    user = request.getfixturevalue(who)
    article = phoenix_article() if who == "clinic_editor" else shared_article()
    if who == "reviewer":
        reviewer_in_task(article, editor)  # reviewers open content that awaits them
    response = logged_in(user).get(edit_url(article))
    assert response.status_code == 200
    assert "action-publish" not in action_names(response)
    if who == "reviewer":
        assert "Approve" in page_text(response)


@pytest.mark.parametrize("who", ["superuser", "editor", "clinic_editor"])
def test_no_publish_action_when_adding_an_article(request, who):
    user = request.getfixturevalue(who)
    parent = Clinic.objects.get(slug="phoenix").site.root_page if who == "clinic_editor" else library()
    response = logged_in(user).get(reverse("wagtailadmin_pages:add", args=("articles", "articlepage", parent.pk)))
    assert response.status_code == 200
    assert "action-publish" not in action_names(response)
    assert "Submit for medical review" in page_text(response)


@pytest.mark.parametrize("who", ["superuser", "editor"])
def test_no_publish_action_on_disclaimers(request, who):
    user = request.getfixturevalue(who)
    disclaimer = Disclaimer.objects.filter(locale__language_code="en", live=True).first()
    response = logged_in(user).get(disclaimer_edit_url(disclaimer))
    assert response.status_code == 200
    assert "action-publish" not in action_names(response)
    assert "Submit for medical review" in page_text(response)


def test_an_administrators_publish_post_leaves_the_approved_article_on_every_clinic_site(superuser, network_api):
    """Regression: an administrator's direct publish used to make the unreviewed edit live, and
    the gate then withheld the article from every clinic's website without a warning."""
    article = shared_article()
    live_revision = article.live_revision_id
    served_before = served_title(network_api, SHARED)
    assert served_before is not None

    client = logged_in(superuser)
    response = client.post(
        edit_url(article), edit_form_data(article, title="Published around review", **{"action-publish": "1"})
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live_revision_id == live_revision
    assert article.get_latest_revision_as_object().title == "Published around review"  # kept, as a draft
    assert served_title(network_api, SHARED) == served_before
    for clinic in ("peoria", "phoenix", "fayetteville"):
        assert served_title(network_api, SHARED, clinic) == served_before
    assert "Not published: reviewed content reaches clinic websites only through medical review" in page_text(
        client.get(response.url)
    )


@pytest.mark.parametrize("who", ["superuser", "clinic_editor"])
def test_a_publish_post_is_refused_for_every_role_with_publish_permission(request, who, network_api):
    user = request.getfixturevalue(who)
    article = phoenix_article() if who == "clinic_editor" else shared_article()
    live_revision = article.live_revision_id
    response = logged_in(user).post(
        edit_url(article), edit_form_data(article, title=f"Crafted by {who}", **{"action-publish": "1"})
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live_revision_id == live_revision
    assert not PageLogEntry.objects.filter(page=article, action="wagtail.publish", user=user).exists()


def test_a_new_article_posted_with_publish_is_created_as_a_draft(superuser, network_api):
    url = reverse("wagtailadmin_pages:add", args=("articles", "articlepage", library().pk))
    response = logged_in(superuser).post(
        url, article_form_data(title="Created around review", slug="created-around-review", **{"action-publish": "1"})
    )
    assert response.status_code == 302
    page = ArticlePage.objects.get(slug="created-around-review")
    assert not page.live
    assert page.latest_revision_id is not None


def test_publishing_an_old_version_from_the_history_is_refused(superuser, network_api):
    article = shared_article()
    old_revision = article.revisions.order_by("created_at").first()
    live_revision = article.live_revision_id
    url = reverse("wagtailadmin_pages:revisions_revert", args=(article.pk, old_revision.pk))
    response = logged_in(superuser).get(url)
    assert response.status_code == 200
    assert "action-publish" not in action_names(response)
    response = logged_in(superuser).post(url, edit_form_data(article, **{"action-publish": "1"}))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live_revision_id == live_revision


def test_bulk_publish_in_the_explorer_publishes_no_reviewed_article(superuser, editor):
    article = shared_article()
    draft = article.get_latest_revision_as_object()
    draft.title = "Bulk-published draft"
    draft.save_revision(user=editor)
    live_revision = article.live_revision_id
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={article.pk}"
    client = logged_in(superuser)
    confirm = client.get(url)
    assert confirm.status_code == 200
    client.post(url, {"include_descendants": ""})
    library_url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={library().pk}"
    client.post(library_url, {"include_descendants": "on"})
    article.refresh_from_db()
    assert article.live_revision_id == live_revision
    assert not ArticlePage.objects.filter(title="Bulk-published draft", live=True).exists()


def test_a_go_live_date_schedules_nothing_around_review(superuser):
    article = shared_article()
    go_live = (timezone.now() + datetime.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    response = logged_in(superuser).post(
        edit_url(article), edit_form_data(article, go_live_at=go_live, **{"action-publish": "1"})
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.scheduled_revision is None


def test_a_copy_is_a_draft_and_cannot_be_published_or_aliased(superuser):
    article = shared_article()
    url = reverse("wagtailadmin_pages:copy", args=(article.pk,))
    form = logged_in(superuser).get(url)
    assert 'name="publish_copies"' not in form.content.decode()
    assert 'name="alias"' not in form.content.decode()
    response = logged_in(superuser).post(
        url,
        {
            "new_title": "Copied and published",
            "new_slug": "copied-and-published",
            "new_parent_page": Clinic.objects.get(slug="phoenix").site.root_page.pk,
            "publish_copies": "on",
            "alias": "on",
        },
    )
    assert response.status_code == 302
    copy = ArticlePage.objects.get(slug="copied-and-published")
    assert not copy.live
    assert copy.alias_of_id is None


def test_a_disclaimer_publish_post_is_saved_as_a_draft(superuser, network_api):
    disclaimer = Disclaimer.objects.filter(locale__language_code="en", live=True).first()
    live_revision = disclaimer.live_revision_id
    client = logged_in(superuser)
    response = client.post(
        disclaimer_edit_url(disclaimer),
        {"title": disclaimer.title, "body": rich_text("<p>Crafted wording.</p>"), "action-publish": "1"},
    )
    assert response.status_code == 302
    disclaimer.refresh_from_db()
    assert disclaimer.live_revision_id == live_revision
    assert "Crafted wording" in disclaimer.get_latest_revision_as_object().body
    assert "Not published" in page_text(client.get(response.url))

    old = disclaimer.revisions.order_by("created_at").first()
    url = reverse("wagtailsnippets_network_disclaimer:revisions_revert", args=(disclaimer.pk, old.pk))
    response = client.post(url, {"title": disclaimer.title, "body": rich_text("<p>Old.</p>"), "action-publish": "1"})
    assert response.status_code == 302
    disclaimer.refresh_from_db()
    assert disclaimer.live_revision_id == live_revision


def test_approval_still_publishes_the_approved_revision(editor, reviewer, network_api):
    article = shared_article()
    response = logged_in(editor).post(
        edit_url(article), edit_form_data(article, title="Reviewed new title", **{"action-submit": "1"})
    )
    assert response.status_code == 302
    decide_review(content=article, user=reviewer, approve=True, comment="Fine.", acknowledge_every_flag="Read.")
    assert served_title(network_api, SHARED) == "Reviewed new title"


def test_an_emergency_unpublish_works_and_is_logged(superuser, network_api):
    article = shared_article()
    url = reverse("wagtailadmin_pages:unpublish", args=(article.pk,))
    client = logged_in(superuser)
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    article.refresh_from_db()
    assert not article.live
    entry = PageLogEntry.objects.filter(page=article, action="wagtail.unpublish").latest("timestamp")
    assert entry.user == superuser
    assert timezone.now() - entry.timestamp < datetime.timedelta(minutes=5)
    assert network_api.get(f"/api/v1/clinics/peoria/articles/{SHARED}/").status_code == 404


# The report of content published around review ----------------------------------------------


def test_the_report_names_who_published_and_offers_the_review(superuser):
    """A script (or a future path) still publishes a reviewed article around review: it stays
    withheld, and the report says who published it, when, and how to get it reviewed."""
    article = shared_article()
    draft = article.get_latest_revision_as_object()
    draft.title = "Published by a script"
    draft.save_revision(user=superuser).publish(user=superuser, skip_permission_checks=True)
    scripted = ArticlePageFactory(parent=library(), slug="scripted-no-user", title="Scripted without a user")
    scripted.save_revision().publish()

    response = logged_in(superuser).get(reverse("published_without_review"))
    assert response.status_code == 200
    text = page_html(response)
    row = re.search(r"<tr>(?:(?!</tr>).)*Published by a script.*?</tr>", text).group(0)
    assert "Demo Administrator" in row
    assert f'href="{edit_url(article)}"' in row and "Submit for medical review" in row
    entry = PageLogEntry.objects.filter(page=article, action="wagtail.publish").latest("timestamp")
    assert timezone.localtime(entry.timestamp).strftime("%-d %b %Y %H:%M") in row
    scripted_row = re.search(r"<tr>(?:(?!</tr>).)*Scripted without a user.*?</tr>", text).group(0)
    assert "no user (a script or the scheduler)" in scripted_row


# No alarms that are not true -----------------------------------------------------------------


def test_the_library_explorer_does_not_say_there_is_no_site(superuser):
    text = page_text(logged_in(superuser).get(reverse("wagtailadmin_explore", args=(library().pk,))))
    assert "There is no site" not in text
    assert "reach every clinic's website through the API" in text


def test_wagtail_still_warns_of_a_missing_site_where_we_override_it():
    """Upgrade guard: our explorer template replaces the `before_results` block that holds it."""
    source = (WAGTAIL_ADMIN_TEMPLATES / "pages" / "explorable_index_results.html").read_text()
    assert "{% block before_results %}" in source
    assert "There is no site record for this location" in source


def test_article_status_panel_does_not_promise_anyone_can_view(superuser):
    text = page_text(logged_in(superuser).get(edit_url(shared_article())))
    assert "Once live anyone can view" not in text
    assert "Patients see it on clinic websites only once a medical reviewer approved this exact revision" in text
    assert "Change privacy" not in text
    library_text = page_text(logged_in(superuser).get(edit_url(library())))
    assert "Once live anyone can view" not in library_text
    assert "its approved articles reach every clinic" in library_text


def test_wagtail_privacy_template_still_has_what_we_override():
    source = (WAGTAIL_ADMIN_TEMPLATES / "shared" / "side_panels" / "includes" / "status" / "privacy.html").read_text()
    assert "{% block content %}" in source and "{% block action %}" in source
    assert "Once live anyone can view" in source


def test_categories_are_checkboxes_of_the_articles_own_locale(superuser):
    spanish_article = shared_article("es")
    response = logged_in(superuser).get(edit_url(spanish_article))
    html = response.content.decode()
    offered = {int(pk) for pk in re.findall(r'type="checkbox" name="categories" value="(\d+)"', html)}
    spanish = set(ArticleCategory.objects.filter(locale__language_code="es").values_list("pk", flat=True))
    assert offered and offered == spanish


def test_a_category_of_another_locale_is_refused_with_a_message(superuser):
    spanish_article = shared_article("es")
    english_category = ArticleCategory.objects.filter(locale__language_code="en").first()
    data = edit_form_data(spanish_article)
    data["categories"] = [english_category.pk]
    response = logged_in(superuser).post(edit_url(spanish_article), data)
    assert response.status_code == 200
    assert "Choose categories in Español, the article's language" in page_text(response)
    spanish_article.refresh_from_db()
    assert english_category not in spanish_article.get_latest_revision_as_object().categories.all()


def test_image_alt_text_starts_from_the_images_description(superuser):
    image = get_image_model().objects.first()
    image.description = "A recliner in a quiet infusion room"
    image.save()
    body = [("image", {"image": image.pk, "alt_text": "", "caption": ""}), ("paragraph", rich_text("<p>Text.</p>"))]
    url = reverse("wagtailadmin_pages:add", args=("articles", "articlepage", library().pk))
    response = logged_in(superuser).post(url, article_form_data(title="Room", slug="room", body=body))
    assert response.status_code == 302
    saved = ArticlePage.objects.get(slug="room").get_latest_revision_as_object()
    assert saved.body[0].value["alt_text"] == "A recliner in a quiet infusion room"


def test_nothing_is_autosaved_into_the_library(superuser):
    """Wagtail 8 autosaves a new page on the first keystroke (an abandoned "Add article" left a
    draft behind) and saved a revision on merely opening an article. Autosave is off: the forms
    carry no autosave interval (Wagtail writes one only when autosave is on)."""
    client = logged_in(superuser)
    pages = [
        client.get(reverse("wagtailadmin_pages:add", args=("articles", "articlepage", library().pk))),
        client.get(edit_url(shared_article())),
        client.get(reverse("wagtailsnippets_network_disclaimer:add")),
    ]
    for response in pages:
        assert response.status_code == 200
        assert "w-unsaved" in response.content.decode()  # Wagtail's form controller, still there
        assert "data-w-autosave-interval-value" not in response.content.decode()


def test_the_approval_record_is_untouched_by_a_refused_publish(superuser):
    article = shared_article()
    approvals = MedicalReview.objects.filter(object_id=str(article.pk)).count()
    logged_in(superuser).post(edit_url(article), edit_form_data(article, **{"action-publish": "1"}))
    assert MedicalReview.objects.filter(object_id=str(article.pk)).count() == approvals
