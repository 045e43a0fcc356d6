"""The claim flags in the admin: the editor panel on an article's edit view shows the saved draft's
flags (sentence, category, why, which block), grouped by severity, in the page's language; the
reviewer's approval step lists the flags of the revision under review."""

import html

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale
from wagtail.rich_text import RichText

from articles.claims import rules
from articles.claims.articles import claims_of_article
from articles.models import ArticlePage
from network.models import SharedLibraryPage
from network.review import submit_for_review
from tests.network.conftest import logged_in

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
ARTICLE = "what-is-ketamine-infusion-therapy"
UNSAFE = "Our infusions are completely safe."


def user(name: str):
    return get_user_model().objects.get(username=name)


def why(rule_id: str) -> str:
    return next(rule.why for rule in rules().sentence_rules if rule.id == rule_id)


def shared(language: str = "en") -> ArticlePage:
    article = SharedLibraryPage.objects.get(locale__language_code="en")
    article = ArticlePage.objects.child_of(article).get(slug=ARTICLE)
    if language != "en":
        article = article.get_translation(Locale.objects.get(language_code=language))
    return article


def save_draft(article: ArticlePage, *body, title="About our infusions", summary="How a visit goes."):
    """A new draft revision (the live page unchanged), as an editor's save leaves it."""
    article.title = title
    article.summary = summary
    article.body = list(body)
    return article.save_revision(user=user("editor"))


def paragraph(text: str):
    return ("paragraph", RichText(f"<p>{text}</p>"))


def heading(text: str):
    return ("heading", {"text": text, "level": "h2"})


def edit_view(article: ArticlePage, client=None) -> str:
    response = (client or logged_in(user("editor"))).get(reverse("wagtailadmin_pages:edit", args=(article.pk,)))
    assert response.status_code == 200
    return response.content.decode()


def panel_of(page_html: str) -> str:
    start = page_html.index("data-claims-panel")
    return page_html[start : page_html.index("</div>", start)]


def test_the_edit_view_shows_the_drafts_flag_with_its_explanation_and_block():
    article = shared()
    assert article.disclaimer_id is not None
    save_draft(article, heading("What to expect"), paragraph(f"You rest in a quiet room. {UNSAFE}"))

    panel = panel_of(edit_view(article))
    assert html.escape(UNSAFE, quote=True) in panel
    assert html.escape(why("en.absolute_safety"), quote=True) in panel
    assert "Block 2 (Paragraph)" in panel
    assert "High severity (1)" in panel
    assert "You rest in a quiet room." not in panel  # the flagged sentence only


def test_the_flags_point_at_the_block_by_its_id_and_the_title_and_summary_are_checked():
    article = shared()
    save_draft(article, paragraph(UNSAFE), title="Revolutionary relief", summary="No side effects at all.")
    revision_content = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()

    report = claims_of_article(revision_content)
    blocks = {flag.block for flag in report.flags}
    assert revision_content.body[0].id in blocks
    assert {"title", "summary"} <= blocks
    assert report.page_flags == []


def test_a_clean_article_says_it_has_no_flags():
    article = shared()
    save_draft(article, heading("What to expect"), paragraph("You rest in a quiet room while a nurse watches."))

    panel = panel_of(edit_view(article))
    assert "No claim flags" in panel
    assert "severity (" not in panel


def test_the_panel_updates_when_the_draft_is_saved():
    article = shared()
    save_draft(article, paragraph("You rest in a quiet room."))
    assert "No claim flags" in panel_of(edit_view(article))
    save_draft(ArticlePage.objects.get(pk=article.pk), paragraph(UNSAFE))
    assert html.escape(UNSAFE) in panel_of(edit_view(article))


def test_a_missing_disclaimer_is_a_page_flag():
    article = shared()
    article.disclaimer = None
    save_draft(article, paragraph("You rest in a quiet room."))
    panel = panel_of(edit_view(article))
    assert "The whole article" in panel and "No medical disclaimer is attached" in panel


def test_a_spanish_article_is_checked_with_the_spanish_rules():
    article = shared("es")
    spanish = "Nuestras infusiones son completamente seguras."
    save_draft(
        article, paragraph(spanish), paragraph(UNSAFE), title="Sobre las infusiones", summary="Cómo es una visita."
    )

    report = claims_of_article(ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object())
    assert [flag.rule for flag in report.flags] == ["es.absolute_safety"]
    panel = panel_of(edit_view(article))
    assert html.escape(spanish) in panel
    assert html.escape(why("es.absolute_safety"), quote=True) in panel
    assert html.escape(UNSAFE) not in panel


def test_the_panel_escapes_the_sentence():
    article = shared()
    save_draft(
        article,
        heading("<script>alert(1)</script> Our infusions are completely safe."),
        paragraph("&lt;script&gt;alert(2)&lt;/script&gt; There are no side effects."),
    )
    page = edit_view(article)
    panel = panel_of(page)
    assert "<script>alert(" not in panel
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Our infusions are completely safe." in panel
    assert "&lt;script&gt;alert(2)&lt;/script&gt; There are no side effects." in panel


def test_the_reviewers_approval_step_shows_the_flags_of_the_revision_under_review():
    """High-severity flags are asked about one by one (tests/admin/test_claims_acknowledgement.py);
    the others are listed under them, medium before low."""
    article = shared()
    save_draft(article, paragraph("Studies show it helps."), paragraph(UNSAFE))
    submit_for_review(content=article, user=user("editor"))
    article.refresh_from_db()
    task_state = article.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(article.pk, "approve", task_state.pk))

    modal = logged_in(user("reviewer")).get(url, **XHR).json()["html"]
    assert f"Block 2 (Paragraph): “{html.escape(UNSAFE)}”" in modal
    assert html.escape(why("en.absolute_safety"), quote=True) in modal
    section = modal[modal.index('id="review-claims"') :]
    assert "Studies show it helps." in section
    severities = [part.split('"')[0] for part in section.split('data-claims-severity="')[1:]]
    assert "high" not in severities and severities == sorted(severities, key=("high", "medium", "low").index)


def test_the_edit_view_costs_no_query_per_body_block():
    article = shared()
    client = logged_in(user("editor"))

    def queries_with(count: int) -> int:
        blocks = [paragraph(UNSAFE) if number % 2 else heading(f"Part {number}") for number in range(count)]
        save_draft(ArticlePage.objects.get(pk=article.pk), *blocks)
        edit_view(article, client)  # warm caches (content types, site root paths)
        with CaptureQueriesContext(connection) as queries:
            page = edit_view(article, client)
        assert f"High severity ({count // 2})" in page
        return len(queries)

    assert queries_with(20) <= queries_with(2)
