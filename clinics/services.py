"""Writes for clinics: giving a clinic its Site and page tree in each of its locales."""

from itertools import chain, count

from django.db import transaction
from wagtail.coreutils import find_available_slug
from wagtail.models import Locale, Page, Site

from .models import Clinic, ClinicHomePage

SITE_DOMAIN = "clinic-network.internal"


def free_site_hostname_for(*, clinic: Clinic) -> str:
    """A free Wagtail Site hostname for the clinic, from its slug; internal, since its pages are
    served by its own front-end. A renamed clinic keeps its Site, so a new clinic that takes the
    old slug gets the next free name (``tempe-1.…``), as its home page gets the next free slug."""
    taken = set(Site.objects.filter(hostname__endswith=f".{SITE_DOMAIN}").values_list("hostname", flat=True))
    hostnames = (f"{name}.{SITE_DOMAIN}" for name in chain([clinic.slug], (f"{clinic.slug}-{n}" for n in count(1))))
    return next(hostname for hostname in hostnames if hostname not in taken)


@transaction.atomic
def ensure_clinic_tree(*, clinic: Clinic) -> ClinicHomePage:
    """Give the clinic a home page in the default locale, a translation of it in each of its
    other locales, and a Site rooted at the default one. Safe to call again at any time.

    The home page's slug is only a tree address (the API finds a clinic by its own slug), so it
    takes the first free one beside the shared library and the other clinics' homes: a clinic
    called ``library``, or one reusing a renamed clinic's slug, gets ``library-1``."""
    default_locale = Locale.get_default()
    home = clinic.site.root_page.specific if clinic.site_id else None
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=ClinicHomePage(
                title=clinic.name, slug=find_available_slug(root, clinic.slug), locale=default_locale
            )
        )
        home.save_revision().publish()
    if not clinic.site_id:
        clinic.site = Site.objects.create(
            hostname=free_site_hostname_for(clinic=clinic), port=80, root_page=home, site_name=clinic.name
        )
        clinic.save(update_fields=["site"])
    for locale in clinic.locales.exclude(pk=default_locale.pk):
        if not home.has_translation(locale):
            translation = home.copy_for_translation(locale, copy_parents=True)
            translation.save_revision().publish()
    return home
