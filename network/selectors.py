"""Reads of network-wide content and settings."""

from .models import DeliverySettings, Disclaimer, ReviewSettings
from .review import served_with_review
from .speed import cache, tags

SETTINGS_TAG = tags.SETTINGS


def review_settings() -> ReviewSettings:
    return cache.cached("delivery:review-settings", tags=[SETTINGS_TAG], build=ReviewSettings.load, timeout=None)


def delivery_settings() -> DeliverySettings:
    return cache.cached("delivery:delivery-settings", tags=[SETTINGS_TAG], build=DeliverySettings.load, timeout=None)


def disclaimer_for(
    *, disclaimer_id: int | None, locale_id: int, default_locale_id: int, review_settings: ReviewSettings
) -> Disclaimer | None:
    """The medically approved live disclaimer in the locale, else the approved one in the default
    locale; never an unreviewed translation. The row's own ``locale`` says which was served; it is
    annotated with its approval (``served_with_review(..., details=True)``). One query."""
    if disclaimer_id is None:
        return None
    versions = served_with_review(
        Disclaimer.objects.filter(
            translation_key__in=Disclaimer.objects.filter(pk=disclaimer_id).values("translation_key"),
            locale_id__in=[locale_id, default_locale_id],
        ).select_related("locale"),
        review_settings=review_settings,
        details=True,
    )
    by_locale = {version.locale_id: version for version in versions}
    return by_locale.get(locale_id) or by_locale.get(default_locale_id)
