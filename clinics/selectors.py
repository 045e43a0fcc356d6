"""Reads about clinics: which contact block a clinic shows in a locale."""

from django.conf import settings

from .models import Clinic, ContactBlock


def contact_block_for(*, clinic_id: int, locale_id: int) -> ContactBlock | None:
    """The clinic's live contact block in the locale, else its live one in the default locale.

    Never another clinic's. The block's own ``locale`` says which one was served.
    """
    blocks = list(ContactBlock.objects.filter(clinic_id=clinic_id, live=True).select_related("locale", "clinic"))
    for block in blocks:
        if block.locale_id == locale_id:
            return block
    return next((block for block in blocks if block.locale.language_code == settings.LANGUAGE_CODE), None)


def clinic_named_in_query(value: str) -> Clinic | None:
    """The clinic a query-string value such as ``?clinic=7`` names (the admin checklist's links
    pre-fill forms with it), or None for anything that is not a clinic id."""
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        return None
    return Clinic.objects.filter(pk=int(value)).first()
