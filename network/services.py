"""Writes for the network: its locales and the shared library tree."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page

from .models import SharedLibraryPage

LIBRARY_SLUG = "library"


@transaction.atomic
def ensure_network_structure() -> SharedLibraryPage:
    """Create each content locale and the shared library in each of them. Safe to call again."""
    locales = [Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES]
    default_locale = Locale.get_default()
    library = SharedLibraryPage.objects.filter(locale=default_locale).first()
    if library is None:
        library = Page.get_first_root_node().add_child(
            instance=SharedLibraryPage(title="Shared library", slug=LIBRARY_SLUG, locale=default_locale)
        )
        library.save_revision().publish()
    for locale in locales:
        if locale.pk != default_locale.pk and not library.has_translation(locale):
            library.copy_for_translation(locale).save_revision().publish()
    return library
