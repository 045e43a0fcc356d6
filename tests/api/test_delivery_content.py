"""What an article carries for a clinic website: sanitised HTML, canonical URLs per the network
setting, and schema.org JSON-LD with the review."""

import pytest

from articles.models import ArticlePage
from network.models import DeliverySettings, SharedLibraryPage
from tests.factories import ArticlePageFactory, approve_and_publish

pytestmark = pytest.mark.django_db

SHARED = "/api/v1/clinics/phoenix/articles/what-is-ketamine-infusion-therapy/"


def test_unsafe_html_in_stored_rich_text_is_removed(network_api):
    library = SharedLibraryPage.objects.get(locale__language_code="en")
    hostile = (
        '<p onclick="steal()">Safe text<script>alert(1)</script>'
        '<a href="javascript:alert(2)">bad link</a><iframe src="https://x.example.com"></iframe>'
        '<img src=x onerror="alert(3)"></p>'
    )
    page = ArticlePageFactory(parent=library, slug="hostile", body=[{"type": "paragraph", "value": hostile}])
    approve_and_publish(page)
    html = network_api.get("/api/v1/clinics/phoenix/articles/hostile/").json()["body"][0]["value"]
    assert "Safe text" in html
    for bad in ("<script", "onclick", "javascript:", "<iframe", "onerror", "<img"):
        assert bad not in html


def test_canonical_url_is_the_clinics_own_by_default(network_api):
    data = network_api.get(SHARED).json()
    assert data["canonical_url"] == "https://ahwatukee.example.com/articles/what-is-ketamine-infusion-therapy/"


def test_canonical_url_of_shared_articles_can_point_at_one_site(network_api):
    settings = DeliverySettings.load()
    settings.canonical_mode = DeliverySettings.CANONICAL_NETWORK
    settings.canonical_base_url = "https://learn.example.org"
    settings.save()
    shared = network_api.get(SHARED + "?locale=es").json()
    assert shared["canonical_url"] == "https://learn.example.org/es/articles/what-is-ketamine-infusion-therapy/"
    assert shared["json_ld"]["url"] == shared["canonical_url"]
    own = network_api.get("/api/v1/clinics/phoenix/articles/your-first-visit-to-ahwatukee-ketamine-clinic/").json()
    assert own["canonical_url"].startswith("https://ahwatukee.example.com/")


def test_network_canonical_mode_needs_a_base_url():
    from django.core.exceptions import ValidationError

    settings = DeliverySettings.load()
    settings.canonical_mode = DeliverySettings.CANONICAL_NETWORK
    with pytest.raises(ValidationError):
        settings.full_clean()


def test_json_ld_is_a_medical_web_page_with_its_review(network_api):
    data = network_api.get(SHARED).json()
    ld = data["json_ld"]
    assert ld["@context"] == "https://schema.org"
    assert ld["@type"] == "MedicalWebPage"
    assert ld["headline"] == data["title"]
    assert ld["inLanguage"] == "en"
    assert ld["lastReviewed"] == data["medical_review"]["reviewed_at"][:10]
    assert ld["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr. Jordan Sample",
        "honorificSuffix": "MD",
        "jobTitle": "Network Medical Director",
    }
    assert ld["publisher"]["@type"] == "MedicalOrganization"
    assert ld["publisher"]["name"] == "Ahwatukee Ketamine Clinic"
    assert ld["publisher"]["telephone"] == "(480) 555-0102"
    assert ld["medicalAudience"] == {"@type": "MedicalAudience", "audienceType": "Patient"}
    assert ld["datePublished"] == data["first_published_at"]


def test_seo_falls_back_to_title_and_summary(network_api):
    library = SharedLibraryPage.objects.get(locale__language_code="en")
    approve_and_publish(ArticlePageFactory(parent=library, slug="plain-seo", title="Plain", summary="Short."))
    seo = network_api.get("/api/v1/clinics/phoenix/articles/plain-seo/").json()["seo"]
    assert seo == {"title": "Plain", "description": "Short."}


def test_categories_and_tags_count_served_articles(network_api):
    categories = network_api.get("/api/v1/clinics/phoenix/categories/?locale=es&fallback=false").json()["results"]
    names = {c["slug"]: c for c in categories}
    assert names["treatment"]["name"] == "Tratamiento"
    assert all(c["article_count"] >= 1 for c in categories)
    tags = network_api.get("/api/v1/clinics/peoria/tags/?page_size=100").json()["results"]
    ketamine = next(t for t in tags if t["slug"] == "ketamine")
    served = network_api.get("/api/v1/clinics/peoria/articles/?tag=ketamine&page_size=100").json()["count"]
    assert ketamine["article_count"] == served


def test_sitemap_lists_every_served_url_with_alternates(network_api):
    entries = network_api.get("/api/v1/clinics/phoenix/sitemap/").json()["results"]
    urls = {entry["url"] for entry in entries}
    en = network_api.get("/api/v1/clinics/phoenix/articles/?page_size=100&fallback=false").json()["count"]
    es = network_api.get("/api/v1/clinics/phoenix/articles/?page_size=100&locale=es&fallback=false").json()["count"]
    assert len(entries) == en + es
    spanish = "https://ahwatukee.example.com/es/articles/what-is-ketamine-infusion-therapy/"
    english = "https://ahwatukee.example.com/articles/what-is-ketamine-infusion-therapy/"
    assert {spanish, english} <= urls
    entry = next(e for e in entries if e["url"] == english)
    assert entry["alternates"] == [{"locale": "es", "url": spanish}]
    assert not any("peoria" in url for url in urls)
    assert ArticlePage.objects.filter(slug="planning-your-visit-to-our-peoria-clinic").exists()
