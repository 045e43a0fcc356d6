"""Articles a clinic's website receives: its own and the shared ones, never another clinic's,
never a draft, each with the requesting clinic's contact details filled in."""

import pytest
from wagtail.models import Locale
from wagtail.rich_text import RichText

from articles.models import ArticlePage, SharedArticleOverride
from clinics.models import Clinic, ContactBlock
from network.models import SharedLibraryPage
from tests.factories import ArticlePageFactory, approve_and_publish, publish_article
from tests.golden import assert_matches_golden

pytestmark = pytest.mark.django_db

SHARED = "what-is-ketamine-infusion-therapy"


def slugs_of(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["slug"] for item in response.json()["results"]}


def contact_blocks_in(body: list[dict]) -> list[dict]:
    return [block["value"]["contact"] for block in body if block["type"] == "contact"]


def clinic_home(slug: str, language_code: str = "en"):
    root = Clinic.objects.get(slug=slug).site.root_page
    return root.get_translation(Locale.objects.get(language_code=language_code))


def library(language_code: str = "en"):
    return SharedLibraryPage.objects.get(locale__language_code=language_code)


def test_phoenix_list_has_shared_and_phoenix_articles_but_no_peoria_article(network_api):
    response = network_api.get("/api/v1/clinics/phoenix/articles/?page_size=100")
    items = response.json()["results"]
    scopes = {item["slug"]: item["scope"] for item in items}
    assert scopes["your-first-visit-to-ahwatukee-ketamine-clinic"] == "clinic"
    assert scopes[SHARED] == "shared"
    assert "planning-your-visit-to-our-peoria-clinic" not in scopes
    assert {"shared", "clinic"} == set(scopes.values())
    shared_in_library = set(ArticlePage.objects.live().child_of(library()).values_list("slug", flat=True))
    assert shared_in_library <= set(scopes)
    for item in items:
        assert set(item) >= {"slug", "title", "summary", "locale", "scope", "last_published_at"}
        assert item["locale"] == "en"


def test_another_clinics_article_is_404_not_leaked(network_api):
    response = network_api.get("/api/v1/clinics/phoenix/articles/planning-your-visit-to-our-peoria-clinic/")
    assert response.status_code == 404
    assert "555-0101" not in response.content.decode()


def test_same_shared_article_carries_each_clinics_own_phone(network_api):
    peoria = network_api.get(f"/api/v1/clinics/peoria/articles/{SHARED}/").json()
    phoenix = network_api.get(f"/api/v1/clinics/phoenix/articles/{SHARED}/").json()
    assert peoria["contact"]["phone"] == "(623) 555-0101"
    assert phoenix["contact"]["phone"] == "(480) 555-0102"
    assert [block["phone"] for block in contact_blocks_in(peoria["body"])] == ["(623) 555-0101"]
    assert [block["phone"] for block in contact_blocks_in(phoenix["body"])] == ["(480) 555-0102"]
    assert "555-0102" not in str(peoria) and "555-0101" not in str(phoenix)


def test_spanish_request_gets_spanish_article_and_spanish_contact_block(network_api):
    response = network_api.get(f"/api/v1/clinics/phoenix/articles/{SHARED}/?locale=es")
    data = response.json()
    assert response["Content-Language"] == "es"
    assert data["locale"] == "es"
    assert data["contact"]["locale"] == "es"
    assert data["contact"]["call_to_action"] == "Reserve una consulta"
    assert contact_blocks_in(data["body"])[0]["phone"] == "(480) 555-0112"
    assert {"locale": "en", "slug": SHARED} in [
        {"locale": t["locale"], "slug": t["slug"]} for t in data["translations"]
    ]


def test_spanish_list_without_fallback_holds_only_spanish_articles(network_api):
    items = network_api.get("/api/v1/clinics/phoenix/articles/?locale=es&fallback=false").json()["results"]
    assert items and {item["locale"] for item in items} == {"es"}


def test_spanish_list_falls_back_to_english_explicitly_and_once_per_article(network_api):
    items = network_api.get("/api/v1/clinics/phoenix/articles/?locale=es&page_size=100").json()["results"]
    by_slug = {item["slug"]: item["locale"] for item in items}
    assert len(by_slug) == len(items)  # one version per article
    assert by_slug[SHARED] == "es"
    assert by_slug["esketamine-vs-iv-ketamine"] == "en"
    english = network_api.get("/api/v1/clinics/phoenix/articles/?page_size=100").json()["results"]
    assert set(by_slug) == {item["slug"] for item in english}


def test_draft_article_never_appears(network_api):
    ArticlePageFactory(parent=clinic_home("phoenix"), slug="phoenix-draft", title="Draft only")
    assert "phoenix-draft" not in slugs_of(network_api.get("/api/v1/clinics/phoenix/articles/?page_size=100"))
    assert network_api.get("/api/v1/clinics/phoenix/articles/phoenix-draft/").status_code == 404


def test_unpublished_article_disappears(network_api):
    article = ArticlePage.objects.get(slug="your-first-visit-to-ahwatukee-ketamine-clinic", locale__language_code="en")
    article.unpublish()
    assert network_api.get(f"/api/v1/clinics/phoenix/articles/{article.slug}/").status_code == 404


def test_draft_changes_to_a_live_article_are_not_served(network_api):
    article = ArticlePage.objects.get(slug=SHARED, locale__language_code="en")
    article.title = "Unpublished new title"
    article.save_revision()
    data = network_api.get(f"/api/v1/clinics/tempe/articles/{SHARED}/").json()
    assert data["title"] == "What Is Ketamine Infusion Therapy?"


def test_new_published_clinic_article_shows_for_its_clinic_only(network_api):
    publish_article(ArticlePageFactory(parent=clinic_home("tempe"), slug="tempe-parking"))
    assert "tempe-parking" in slugs_of(network_api.get("/api/v1/clinics/tempe/articles/?page_size=100"))
    assert "tempe-parking" not in slugs_of(network_api.get("/api/v1/clinics/peoria/articles/?page_size=100"))


def test_clinic_can_hide_a_shared_article_in_every_locale(network_api):
    article = ArticlePage.objects.get(slug=SHARED, locale__language_code="en")
    SharedArticleOverride.objects.create(clinic=Clinic.objects.get(slug="phoenix"), article=article, hidden=True)
    assert SHARED not in slugs_of(network_api.get("/api/v1/clinics/phoenix/articles/?page_size=100"))
    assert SHARED not in slugs_of(network_api.get("/api/v1/clinics/phoenix/articles/?locale=es"))
    assert network_api.get(f"/api/v1/clinics/phoenix/articles/{SHARED}/").status_code == 404
    assert SHARED in slugs_of(network_api.get("/api/v1/clinics/peoria/articles/?page_size=100"))


def test_contact_endpoint_falls_back_to_default_locale_explicitly(network_api):
    ContactBlock.objects.get(clinic__slug="phoenix", locale__language_code="es").unpublish()
    response = network_api.get("/api/v1/clinics/phoenix/contact/?locale=es")
    assert response.status_code == 200
    assert response.json()["locale"] == "en"
    assert response["Content-Language"] == "en"


def test_rich_text_links_resolve_to_the_clinic_front_end(network_api):
    target = ArticlePage.objects.get(slug="esketamine-vs-iv-ketamine", locale__language_code="en")
    peoria_only = ArticlePage.objects.get(slug="planning-your-visit-to-our-peoria-clinic")
    paragraph = (
        f'<p>See <a linktype="page" id="{target.pk}">this</a> and '
        f'<a linktype="page" id="{peoria_only.pk}">that</a> and <a href="https://988lifeline.org">988</a>.</p>'
    )
    publish_article(
        ArticlePageFactory(parent=library(), slug="linking", body=[{"type": "paragraph", "value": paragraph}, *[]])
    )
    html = network_api.get("/api/v1/clinics/phoenix/articles/linking/").json()["body"][0]["value"]
    link = (
        '<a href="https://ahwatukee.example.com/articles/esketamine-vs-iv-ketamine/" rel="noopener noreferrer">this</a>'
    )
    assert link in html
    assert " and that and " in html  # a link to what Phoenix does not serve is its text alone
    assert 'href="https://988lifeline.org"' in html
    assert "linktype" not in html


def test_image_block_has_alt_text_and_renditions(network_api):
    body = network_api.get(f"/api/v1/clinics/peoria/articles/{SHARED}/").json()["body"]
    image = next(block for block in body if block["type"] == "image")["value"]
    assert image["alt_text"]
    assert [r["width"] for r in image["image"]["renditions"]] == [480, 960, 1440]
    assert all(r["url"].startswith("http://testserver/media/") for r in image["image"]["renditions"])


def test_reading_time_counts_the_served_body_at_200_words_a_minute(network_api, settings):
    settings.API_RESPONSE_CACHE = False
    article = ArticlePage.objects.get(slug=SHARED, locale__language_code="en")
    short = network_api.get(f"/api/v1/clinics/peoria/articles/{SHARED}/").json()["reading_time_minutes"]
    words = " ".join(["ketamine"] * 1000)
    article.body.append(("paragraph", RichText(f"<p>{words}</p>")))
    approve_and_publish(article)
    longer = network_api.get(f"/api/v1/clinics/peoria/articles/{SHARED}/").json()["reading_time_minutes"]
    assert short >= 1 and longer == short + 5


def test_article_detail_contract(network_api):
    """Golden shape of an article detail. Every clinic front-end renders its article pages from it."""
    response = network_api.get(f"/api/v1/clinics/phoenix/articles/{SHARED}/?locale=es")
    assert_matches_golden("article_detail_phoenix_es", response.json())


def test_article_list_contract(network_api):
    """Golden shape of an article list page. Clinic front-ends build index and category pages from it."""
    response = network_api.get("/api/v1/clinics/phoenix/articles/?page_size=3")
    assert_matches_golden("article_list_phoenix", response.json())


def test_clinic_and_contact_contracts(network_api):
    """Golden shapes of clinic and contact responses. Front-ends render headers and footers from them."""
    assert_matches_golden("clinic_list", network_api.get("/api/v1/clinics/").json())
    assert_matches_golden("clinic_detail_phoenix", network_api.get("/api/v1/clinics/phoenix/").json())
    assert_matches_golden("contact_phoenix_es", network_api.get("/api/v1/clinics/phoenix/contact/?locale=es").json())
