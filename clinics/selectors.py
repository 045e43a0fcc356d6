"""Reads about clinics: which clinics exist and which contact block a clinic shows in a locale."""

from django.db.models import QuerySet
from wagtail.models import Locale

from .models import Clinic, ContactBlock


def clinics_in_network() -> QuerySet[Clinic]:
    return Clinic.objects.filter(site__isnull=False).prefetch_related("locales").order_by("name")


def contact_block_for(*, clinic: Clinic, locale: Locale) -> ContactBlock | None:
    """The clinic's live contact block in the locale, else its live one in the default locale.

    Never another clinic's. The block's own ``locale`` says which one was served.
    """
    blocks = ContactBlock.objects.filter(clinic=clinic, live=True).select_related("locale")
    by_locale = {block.locale_id: block for block in blocks}
    if locale.pk in by_locale:
        return by_locale[locale.pk]
    default = Locale.get_default()
    return by_locale.get(default.pk)
