"""Adding a clinic in the admin: it gets its Site and home pages whatever its slug, or nothing is saved."""

import pytest
from django.urls import reverse
from wagtail.models import Locale, Page, Site

from clinics.models import Clinic, ClinicHomePage
from network.models import SharedLibraryPage

pytestmark = pytest.mark.django_db


def clinic_form(*, slug: str, name: str = "Example Valley Clinic", locales=("en", "es")) -> dict:
    return {
        "name": name,
        "slug": slug,
        "city": "Mesa",
        "state": "AZ",
        "time_zone": "America/Phoenix",
        "locales": list(Locale.objects.filter(language_code__in=locales).values_list("pk", flat=True)),
        "frontend_base_url": "https://valley.example.com",
    }


def homes_of(clinic: Clinic) -> list[str]:
    root = clinic.site.root_page
    return sorted(
        ClinicHomePage.objects.filter(translation_key=root.translation_key).values_list(
            "locale__language_code", flat=True
        )
    )


def test_a_clinic_called_library_gets_its_tree_beside_the_shared_library(admin_client):
    libraries = list(SharedLibraryPage.objects.values_list("pk", "slug"))
    response = admin_client.post(reverse("wagtailsnippets_clinics_clinic:add"), clinic_form(slug="library"))
    assert response.status_code == 302, response.content.decode()[:2000]
    clinic = Clinic.objects.get(slug="library")
    assert isinstance(clinic.site.root_page.specific, ClinicHomePage)
    assert homes_of(clinic) == ["en", "es"]
    assert list(SharedLibraryPage.objects.values_list("pk", "slug")) == libraries


def test_a_new_clinic_may_take_the_slug_a_renamed_clinic_gave_up(admin_client, api_client_for):
    tempe = Clinic.objects.get(slug="tempe")
    edit = clinic_form(slug="tempe-az", name=tempe.name, locales=tempe.locales.values_list("language_code", flat=True))
    response = admin_client.post(reverse("wagtailsnippets_clinics_clinic:edit", args=(tempe.pk,)), edit)
    assert response.status_code == 302, response.content.decode()[:2000]

    response = admin_client.post(reverse("wagtailsnippets_clinics_clinic:add"), clinic_form(slug="tempe"))
    assert response.status_code == 302, response.content.decode()[:2000]
    new, renamed = Clinic.objects.get(slug="tempe"), Clinic.objects.get(slug="tempe-az")
    assert homes_of(new) == ["en", "es"]
    assert new.site.hostname != renamed.site.hostname
    assert new.site.root_page_id != renamed.site.root_page_id
    answer = api_client_for("tempe").get("/api/v1/clinics/tempe/")
    assert answer.status_code == 200
    assert answer.json()["name"] == "Example Valley Clinic"


def test_a_clinic_is_saved_with_its_tree_or_not_at_all(admin_client, monkeypatch):
    """If building the tree fails half-way (the home page made, the Site not), the clinic is not
    saved either. Guards Wagtail running our save inside the create view's transaction."""

    def site_cannot_be_created(**kwargs):
        raise RuntimeError("the database refused the Site")

    monkeypatch.setattr(Site.objects, "create", site_cannot_be_created)
    clinics, pages, sites = Clinic.objects.count(), Page.objects.count(), Site.objects.count()
    response = admin_client.post(reverse("wagtailsnippets_clinics_clinic:add"), clinic_form(slug="valley"))
    assert response.status_code == 500
    assert (Clinic.objects.count(), Page.objects.count(), Site.objects.count()) == (clinics, pages, sites)
