"""The Claim checks panel checks the edit form as it stands, as the editor types: the panel posts
the form (nothing is saved) and gets the flags of the unsaved text back, each linking to its
block. Only those who may edit the article (or review it) may ask."""

import pytest
from django.urls import reverse
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import rich_text

from articles.models import ArticlePage
from clinics.models import Clinic
from tests.admin.test_claims_in_admin import edit_view, save_draft, shared, user
from tests.admin_forms import article_form_data
from tests.network.conftest import logged_in

pytestmark = pytest.mark.django_db

TYPED = "You can drive yourself home right after the infusion."  # en.unsafe_instruction, high


def typed_form(article, *paragraphs: str, title: str | None = None) -> dict:
    data = article_form_data(
        title=article.title if title is None else title,
        slug=article.slug,
        body=[("heading", {"text": "After your visit", "level": "h2"})]
        + [("paragraph", rich_text(f"<p>{text}</p>")) for text in paragraphs],
    )
    for index in range(len(paragraphs) + 1):
        data[f"body-{index}-id"] = f"typed-{index}"
    return data


def check_url(article) -> str:
    return reverse("articles_check_claims", args=(article.pk,))


def test_the_unsaved_form_is_checked_and_each_flag_links_to_its_block():
    article = shared()
    revision_before = article.latest_revision_id

    answer = logged_in(user("editor")).post(check_url(article), typed_form(article, "A calm line.", TYPED))

    assert answer.status_code == 200
    assert "no-store" in answer["Cache-Control"]
    data = answer.json()
    assert TYPED in data["html"]
    assert 'data-claim-block="typed-2"' in data["html"] and "Block 3 (Paragraph)" in data["html"]
    assert data["count"] >= 1
    article.refresh_from_db()
    assert article.latest_revision_id == revision_before  # nothing saved


def test_a_form_still_missing_its_title_is_checked_as_far_as_it_goes():
    article = shared()
    answer = logged_in(user("editor")).post(check_url(article), typed_form(article, TYPED, title=""))
    assert answer.status_code == 200 and TYPED in answer.json()["html"]


def test_a_new_article_is_checked_before_it_is_ever_saved():
    home = Clinic.objects.get(slug="peoria").site.root_page
    url = reverse("articles_check_new_claims", args=(home.pk,))
    data = typed_form(ArticlePage(title="New", slug="brand-new"), TYPED)

    answer = logged_in(user("peoria-editor")).post(url, data)

    assert answer.status_code == 200 and TYPED in answer.json()["html"]
    assert not ArticlePage.objects.filter(slug="brand-new").exists()


def test_the_edit_and_create_views_load_the_panel_that_checks_as_you_type():
    article = shared()
    save_draft(article, ("paragraph", RichText("<p>Calm.</p>")))
    page = edit_view(article)
    assert f'data-claims-url="{check_url(article)}"' in page
    assert "articles/claims_panel.js" in page

    home = Clinic.objects.get(slug="peoria").site.root_page
    create = logged_in(user("peoria-editor")).get(
        reverse("wagtailadmin_pages:add", args=("articles", "articlepage", home.pk))
    )
    assert reverse("articles_check_new_claims", args=(home.pk,)) in create.content.decode()


def test_only_those_who_may_edit_or_review_the_article_may_check_it():
    article = shared()  # a shared article: a clinic's editors do not edit it
    data = typed_form(article, TYPED)
    assert logged_in(user("peoria-editor")).post(check_url(article), data).status_code == 403
    assert logged_in(user("reviewer")).post(check_url(article), data).status_code == 200

    phoenix_home = Clinic.objects.get(slug="phoenix").site.root_page
    other_clinic = reverse("articles_check_new_claims", args=(phoenix_home.pk,))
    assert logged_in(user("peoria-editor")).post(other_clinic, data).status_code == 403


def test_bad_requests_are_refused_plainly():
    article = shared()
    client = logged_in(user("editor"))
    assert client.get(check_url(article)).status_code == 405
    assert client.post(reverse("articles_check_claims", args=(999999,)), {}).status_code == 404
    garbage = client.post(check_url(article), {"body-count": "many", "body-0-type": "nonsense", "title": "x" * 5000})
    assert garbage.status_code == 400 and "error" in garbage.json()


def test_malformed_rich_text_and_huge_forms_are_refused_plainly():
    article = shared()
    client = logged_in(user("editor"))
    for value in (
        '"a string"',
        "[1, 2]",
        '{"blocks": [{"key": "a", "text": "hi", "type": "unstyled", "depth": 0, '
        '"inlineStyleRanges": [], "entityRanges": [{"offset": 0, "length": 2, "key": 7}]}], "entityMap": {}}',
    ):
        data = typed_form(article, "Calm.")
        data["body-1-value"] = value
        answer = client.post(check_url(article), data)
        assert answer.status_code == 400 and "error" in answer.json()

    huge = typed_form(article, "Calm. " * 60_000)
    answer = client.post(check_url(article), huge)
    assert answer.status_code == 413 and "save the draft" in answer.json()["error"]


def test_the_search_title_and_description_are_checked_too():
    article = shared()
    data = typed_form(article, "Calm.")
    data["search_description"] = "Our infusions are completely safe."
    html = logged_in(user("editor")).post(check_url(article), data).json()["html"]
    assert "Search description" in html and "completely safe" in html
