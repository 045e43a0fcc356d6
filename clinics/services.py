"""Writes for clinics: giving a clinic its Site and page tree in each of its locales."""

from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import Clinic, ClinicHomePage


def site_hostname_for(*, clinic: Clinic) -> str:
    """The Wagtail Site hostname of a clinic; internal, since its pages are served by its own front-end."""
    return f"{clinic.slug}.clinic-network.internal"


@transaction.atomic
def ensure_clinic_tree(*, clinic: Clinic) -> ClinicHomePage:
    """Give the clinic a home page in the default locale, a translation of it in each of its
    other locales, and a Site rooted at the default one. Safe to call again at any time."""
    default_locale = Locale.get_default()
    home = clinic.site.root_page.specific if clinic.site_id else None
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=ClinicHomePage(title=clinic.name, slug=clinic.slug, locale=default_locale))
        home.save_revision().publish()
    if not clinic.site_id:
        clinic.site = Site.objects.create(
            hostname=site_hostname_for(clinic=clinic), port=80, root_page=home, site_name=clinic.name
        )
        clinic.save(update_fields=["site"])
    for locale in clinic.locales.exclude(pk=default_locale.pk):
        if not home.has_translation(locale):
            translation = home.copy_for_translation(locale, copy_parents=True)
            translation.save_revision().publish()
    return home


def clinic_home_for(*, clinic: Clinic, locale: Locale) -> ClinicHomePage | None:
    """The clinic's home page in one locale, or None if the clinic has no tree in it."""
    if not clinic.site_id:
        return None
    root = clinic.site.root_page
    if root.locale_id == locale.pk:
        return root
    return ClinicHomePage.objects.filter(translation_key=root.translation_key, locale=locale).first()
