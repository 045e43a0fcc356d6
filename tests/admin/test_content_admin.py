"""Editors' admin forms: what they create works, and what they get wrong is explained, not saved."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Locale, Site
from wagtail.test.utils.form_data import rich_text

from articles.models import ArticlePage
from clinics.models import Clinic, ClinicHomePage, ContactBlock
from network.models import SharedLibraryPage
from tests.admin_forms import article_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def add_article_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=("articles", "articlepage", parent.pk))


def test_clinic_added_in_admin_gets_its_site_and_a_home_in_each_locale(admin_client):
    locales = Locale.objects.filter(language_code__in=["en", "es"])
    response = admin_client.post(
        reverse("wagtailsnippets_clinics_clinic:add"),
        {
            "name": "Example Valley Clinic",
            "slug": "valley",
            "city": "Mesa",
            "state": "az",
            "time_zone": "America/Phoenix",
            "locales": [locale.pk for locale in locales],
            "frontend_base_url": "https://valley.example.com/",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    clinic = Clinic.objects.get(slug="valley")
    assert clinic.state == "AZ"
    assert clinic.frontend_base_url == "https://valley.example.com"
    assert isinstance(clinic.site.root_page.specific, ClinicHomePage)
    homes = ClinicHomePage.objects.filter(translation_key=clinic.site.root_page.translation_key)
    assert sorted(homes.values_list("locale__language_code", flat=True)) == ["en", "es"]
    assert Site.objects.filter(clinic=clinic).count() == 1


def test_clinic_with_bad_time_zone_is_explained_and_not_saved(admin_client):
    response = admin_client.post(
        reverse("wagtailsnippets_clinics_clinic:add"),
        {
            "name": "X",
            "slug": "x",
            "city": "Y",
            "state": "AZ",
            "time_zone": "Mars/Olympus",
            "frontend_base_url": "nope",
        },
    )
    assert response.status_code == 200
    assert "is not an IANA time zone" in response.content.decode()
    assert not Clinic.objects.filter(slug="x").exists()


def test_contact_block_with_bad_phone_and_zip_is_explained_and_not_saved(admin_client):
    phoenix = Clinic.objects.get(slug="phoenix")
    block = ContactBlock.objects.get(clinic=phoenix, locale__language_code="en")
    url = reverse("wagtailsnippets_clinics_contactblock:edit", args=(block.pk,))
    response = admin_client.post(
        url,
        {
            "clinic": phoenix.pk,
            "phone": "call us!",
            "email": "x@example.com",
            "street_address": "1 Example Way",
            "address_locality": "Phoenix",
            "address_region": "AZ",
            "postal_code": "ABCDE",
            "opening_hours-count": "0",
            "booking_url": "",
            "call_to_action": "Book",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a phone number" in page
    assert "Use a US ZIP code" in page
    block.refresh_from_db()
    assert block.phone == "(480) 555-0102"


def test_editor_adds_a_clinic_article_and_submits_it_for_review_through_the_admin(admin_client):
    home = Clinic.objects.get(slug="tempe").site.root_page
    data = article_form_data(title="Parking at our Tempe clinic", slug="tempe-parking", **{"action-submit": "1"})
    response = admin_client.post(add_article_url(home), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = ArticlePage.objects.get(slug="tempe-parking")
    assert article.get_parent().pk == home.pk
    assert not article.live  # live once a medical reviewer approves it
    assert article.workflow_in_progress


def test_clinic_article_slug_may_not_clash_with_a_shared_one(admin_client):
    home = Clinic.objects.get(slug="tempe").site.root_page
    data = article_form_data(title="Clash", slug="what-is-ketamine-infusion-therapy")
    response = admin_client.post(add_article_url(home), data)
    assert response.status_code == 200
    assert "already uses this slug" in response.content.decode()
    assert ArticlePage.objects.filter(slug="what-is-ketamine-infusion-therapy").count() == 2  # en and es only


def test_two_clinics_may_reuse_a_slug(admin_client):
    for slug in ("tempe", "peoria"):
        home = Clinic.objects.get(slug=slug).site.root_page
        response = admin_client.post(add_article_url(home), article_form_data(title="Directions", slug="directions"))
        assert response.status_code == 302


def test_image_block_without_alt_text_cannot_be_submitted(admin_client):
    """Drafts may be incomplete (Wagtail's deferred validation); a submission for review is not.
    The image has no description to start the alt text from."""
    image = get_image_model().objects.first()
    library = SharedLibraryPage.objects.get(locale__language_code="en")
    body = [
        ("image", {"image": image.pk, "alt_text": "", "caption": ""}),
        ("paragraph", rich_text("<p>Text.</p>")),
    ]
    image.description = ""
    image.save()
    data = article_form_data(title="Pictures", slug="pictures", body=body, **{"action-submit": "1"})
    response = admin_client.post(add_article_url(library), data)
    assert response.status_code == 200
    assert not ArticlePage.objects.filter(slug="pictures").exists()
    assert "This field is required" in response.content.decode()
