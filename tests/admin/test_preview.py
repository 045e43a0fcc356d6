"""Editors' plain previews (the "Plain text (admin)" mode of "View draft", the preview panel and a
revision's preview): a plain, read-only rendering of the page, never a 500. The default mode, the
clinic's own website, is tested in test_headless_preview.py."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from articles.models import ArticlePage
from clinics.models import Clinic
from network.models import SharedLibraryPage
from tests.admin_forms import article_form_data
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

BANNER = "<strong>Preview:</strong> a plain rendering for editors; the clinic's website lays it out its own way."


@pytest.fixture
def library():
    return SharedLibraryPage.objects.get(locale__language_code="en")


def article_with(*, parent, body) -> ArticlePage:
    article = ArticlePageFactory(parent=parent, body=body)
    article.save_revision()
    return article


def draft_of(client: Client, page) -> str:
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=(page.pk,)), {"mode": "plain"})
    assert response.status_code == 200
    return response.content.decode()


def test_view_draft_shows_an_article_plainly(admin_client):
    article = ArticlePage.objects.get(slug="what-is-ketamine-infusion-therapy", locale__language_code="en")
    page = draft_of(admin_client, article)
    assert BANNER in page
    assert f"<h1>{article.title}</h1>" in page
    assert article.summary in page
    assert "<h2>What ketamine is</h2>" in page
    assert "The FDA approved it for that purpose." in page
    assert "Clinic contact placeholder." in page
    assert 'alt="A calm, softly lit treatment room' in page


def test_view_draft_shows_the_library_and_a_clinic_home(admin_client, library):
    assert "shared library" in draft_of(admin_client, library)
    home = Clinic.objects.get(slug="phoenix").site.root_page
    page = draft_of(admin_client, home)
    assert BANNER in page
    assert "<h1>Ahwatukee Ketamine Clinic</h1>" in page


def test_the_preview_panel_shows_the_unsaved_edit(admin_client):
    article = ArticlePage.objects.get(slug="what-is-ketamine-infusion-therapy", locale__language_code="en")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(article.pk,))
    data = article_form_data(title="An edit not saved yet", slug=article.slug, summary="Changed summary.")
    assert admin_client.post(url, data).json() == {"is_valid": True, "is_available": True}
    response = admin_client.get(url, {"in_preview_panel": "true", "mode": "plain"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>An edit not saved yet</h1>" in page
    assert "Changed summary." in page
    assert "Talk to us" in page


def test_the_preview_panel_of_a_new_article(admin_client, library):
    url = reverse("wagtailadmin_pages:preview_on_add", args=("articles", "articlepage", library.pk))
    assert admin_client.post(url, article_form_data(title="Brand new", slug="brand-new")).json()["is_valid"]
    response = admin_client.get(url, {"in_preview_panel": "true"})
    assert response.status_code == 200
    assert "<h1>Brand new</h1>" in response.content.decode()


def test_a_revision_in_the_history_can_be_previewed(admin_client):
    article = ArticlePage.objects.get(slug="what-is-ketamine-infusion-therapy", locale__language_code="en")
    url = reverse("wagtailadmin_pages:revisions_view", args=(article.pk, article.live_revision_id))
    response = admin_client.get(url, {"mode": "plain"})
    assert response.status_code == 200
    assert BANNER in response.content.decode()


def test_preview_links_point_at_the_linked_page_preview_and_scripts_are_dropped(admin_client, library):
    target = ArticlePage.objects.get(slug="what-is-ketamine-infusion-therapy", locale__language_code="en")
    body = [
        {
            "type": "paragraph",
            "value": f'<p>See <a linktype="page" id="{target.pk}">what it is</a>, <a linktype="page" id="999999">'
            'a deleted page</a> and <a href="javascript:alert(1)">this</a>.<script>alert(1)</script>'
            '<img src="x" onerror="alert(1)"></p>',
        },
        {"type": "callout", "value": {"tone": "warning", "title": "Careful", "text": "<p>Callout text.</p>"}},
        {"type": "faq", "value": [{"question": "Does it hurt?", "answer": "<p>An answer.</p>"}]},
        {"type": "bulleted_list", "value": ["First point"]},
    ]
    page = draft_of(admin_client, article_with(parent=library, body=body))
    view_draft = reverse("wagtailadmin_pages:view_draft", args=(target.pk,))
    assert f'<a href="{view_draft}?mode=plain" rel="noopener noreferrer">what it is</a>' in page
    assert '<a rel="noopener noreferrer">a deleted page</a>' in page
    assert "javascript:" not in page
    assert "<script>alert" not in page
    assert "onerror" not in page
    assert "Callout text." in page
    assert "<h3>Does it hurt?</h3>" in page
    assert "<li>First point</li>" in page


def test_preview_of_an_article_whose_image_file_is_missing(admin_client, library):
    image = get_image_model().objects.create(title="Lost picture", file=get_test_image_file("lost.png"))
    image.file.storage.delete(image.file.name)
    body = [{"type": "image", "value": {"image": image.pk, "alt_text": "A lost picture", "caption": "Gone"}}]
    page = draft_of(admin_client, article_with(parent=library, body=body))
    assert "Gone" in page
    assert 'alt="A lost picture"' in page


def test_edit_view_offers_no_view_live_link_to_nowhere(admin_client):
    """Pages have no address of their own in this headless CMS; Wagtail then offers no "View live"."""
    for article in ArticlePage.objects.filter(slug="what-is-ketamine-infusion-therapy"):
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,)))
        assert response.status_code == 200
        assert 'href="None"' not in response.content.decode()
