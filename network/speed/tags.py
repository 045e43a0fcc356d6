"""Cache tag names, spelled once: what a cached value or response depends on, and what a change
invalidates (``network.speed.invalidation.invalidate``). Every module that tags or bumps uses these.

A tag's version changes whenever something it names changes; a value built from it is used only
while the version it was built at is current (``network.speed.cache``).
"""

from collections.abc import Iterable

STRUCTURE = "structure"  # clinics, locales, page-tree roots (``clinics.structure``)
SETTINGS = "settings"  # review and delivery settings
KEYS = "keys"  # front-end clients and their API keys
TAXONOMY = "taxonomy"  # categories and tags
DISCLAIMERS = "disclaimers"  # any disclaimer's approval or change
LISTS = "lists"  # every article list of every clinic
SHARED_LIST = "list:shared"  # the lists showing shared-library articles
REVIEW_STATES = "review-states"  # any save of reviewed content or a review: the admin's review reports

# Tags nearly every delivery request reads: fetched together the first time a request needs any.
COMMON = (STRUCTURE, SETTINGS, KEYS, TAXONOMY, DISCLAIMERS)


def clinic(clinic_pk: int) -> str:
    """The clinic's own record, contact blocks and overrides of shared articles."""
    return f"clinic:{clinic_pk}"


def clinic_list(clinic_pk: int) -> str:
    """The lists showing the clinic's own articles."""
    return f"list:clinic:{clinic_pk}"


def content(translation_key) -> str:
    """An article or disclaimer in every locale (they share a translation key)."""
    return f"content:{translation_key}"


def image(image_id: int) -> str:
    """Every response built with the image."""
    return f"image:{image_id}"


def clinic_content(clinic_pk: int | None) -> set[str]:
    """What any of a clinic's content responses (lists, taxonomy, sitemap) depends on; also the
    coarse tags a response build is guarded by (``api.http_cache.cached_response``): every
    change such a response could show bumps one of them. ``None``: the network's responses."""
    tags = {STRUCTURE, SETTINGS, TAXONOMY, LISTS, SHARED_LIST, DISCLAIMERS}
    if clinic_pk is not None:
        tags |= {clinic(clinic_pk), clinic_list(clinic_pk)}
    return tags


def of_clinics(clinic_pks: Iterable[int]) -> list[str]:
    """The tags of clinics whose record, contact or overrides changed: their content and lists."""
    return [tag for pk in sorted(set(clinic_pks)) for tag in (clinic(pk), clinic_list(pk))]
