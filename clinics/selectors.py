"""Reads about clinics: which contact block a clinic shows in a locale."""

from dataclasses import dataclass

from django.conf import settings

from network.speed import tags
from network.speed.cache import cached_by_arguments

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


@dataclass(frozen=True)
class ContactDetails:
    """A clinic's published contact block as delivery serves it."""

    clinic: str  # the clinic's slug
    locale: str  # the locale of these details
    phone: str
    email: str
    street_address: str
    locality: str
    region: str
    postal_code: str
    country: str
    opening_hours: tuple[dict, ...]  # {"day", "opens", "closes", "note"}
    booking_url: str
    call_to_action: str


# The details named as the contact block's own fields.
CONTACT_FIELDS_AS_STORED = ("phone", "email", "street_address", "postal_code", "booking_url", "call_to_action")


@cached_by_arguments(tags=lambda clinic_id, locale_id: [tags.clinic(clinic_id)])
def contact_details_for(*, clinic_id: int, locale_id: int) -> ContactDetails | None:
    """``contact_block_for`` as plain details, cached until the clinic changes."""
    block = contact_block_for(clinic_id=clinic_id, locale_id=locale_id)
    return None if block is None else contact_details_of(block)


def contact_details_of(block: ContactBlock) -> ContactDetails:
    """A contact block (published, or a draft being previewed) as delivery serves it."""
    return ContactDetails(
        clinic=block.clinic.slug,
        locale=block.locale.language_code,
        locality=block.address_locality,
        region=block.address_region,
        country="US",
        opening_hours=tuple(hours.block.get_api_representation(hours.value) for hours in block.opening_hours),
        **{name: getattr(block, name) for name in CONTACT_FIELDS_AS_STORED},
    )


def clinic_named_in_query(value: str) -> Clinic | None:
    """The clinic a query-string value such as ``?clinic=7`` names (the admin checklist's links
    pre-fill forms with it), or None for anything that is not a clinic id."""
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        return None
    return Clinic.objects.filter(pk=int(value)).first()
