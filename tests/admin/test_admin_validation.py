"""Admin forms whose uniqueness rules involve the locale (set by Wagtail from the URL, not on the
form) explain a clash instead of answering 500, and save nothing: a second contact block for a
clinic and locale, a category slug taken in its locale."""

import pytest
from django.urls import reverse

from articles.models import ArticleCategory
from clinics.models import Clinic, ContactBlock

pytestmark = pytest.mark.django_db


def contact_form(*, clinic: Clinic, **extra) -> dict:
    return {
        "clinic": clinic.pk,
        "phone": "(480) 555-0188",
        "email": "",
        "street_address": "1 Example Way",
        "address_locality": "Phoenix",
        "address_region": "AZ",
        "postal_code": "85001",
        "opening_hours-count": "0",
        "booking_url": "",
        "call_to_action": "Book a visit",
        **extra,
    }


def test_a_second_contact_block_for_a_clinic_and_locale_is_explained_and_not_saved(admin_client):
    phoenix = Clinic.objects.get(slug="phoenix")
    before = ContactBlock.objects.count()
    response = admin_client.post(
        reverse("wagtailsnippets_clinics_contactblock:add") + "?locale=en",
        contact_form(clinic=phoenix, **{"action-publish": "action-publish"}),
    )
    assert response.status_code == 200
    assert "already has a contact block in English" in response.content.decode()
    assert ContactBlock.objects.count() == before


def test_moving_a_contact_block_onto_a_clinic_that_has_one_in_its_locale_is_explained(admin_client):
    phoenix = Clinic.objects.get(slug="phoenix")
    tempe_block = ContactBlock.objects.get(clinic__slug="tempe", locale__language_code="en")
    response = admin_client.post(
        reverse("wagtailsnippets_clinics_contactblock:edit", args=(tempe_block.pk,)),
        contact_form(clinic=phoenix, **{"action-publish": "action-publish"}),
    )
    assert response.status_code == 200
    assert "already has a contact block in English" in response.content.decode()
    tempe_block.refresh_from_db()
    assert tempe_block.clinic.slug == "tempe"


def test_a_category_slug_taken_in_its_locale_is_explained_on_add(admin_client):
    before = ArticleCategory.objects.count()
    response = admin_client.post(
        reverse("wagtailsnippets_articles_articlecategory:add") + "?locale=en",
        {"name": "Safety again", "slug": "safety", "review_interval_months": ""},
    )
    assert response.status_code == 200
    assert "Another category in English already uses this slug" in response.content.decode()
    assert ArticleCategory.objects.count() == before


def test_a_category_slug_taken_in_its_locale_is_explained_on_edit(admin_client):
    research = ArticleCategory.objects.get(slug="research", locale__language_code="en")
    response = admin_client.post(
        reverse("wagtailsnippets_articles_articlecategory:edit", args=(research.pk,)),
        {"name": research.name, "slug": "safety", "review_interval_months": ""},
    )
    assert response.status_code == 200
    assert "Another category in English already uses this slug" in response.content.decode()
    research.refresh_from_db()
    assert research.slug == "research"


def test_the_same_category_slug_in_another_locale_is_fine(admin_client):
    safety = ArticleCategory.objects.get(slug="safety", locale__language_code="es")
    response = admin_client.post(
        reverse("wagtailsnippets_articles_articlecategory:edit", args=(safety.pk,)),
        {"name": "Seguridad del paciente", "slug": "safety", "review_interval_months": ""},
    )
    assert response.status_code == 302
