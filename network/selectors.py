"""Reads of network-wide content and settings."""

import datetime
from dataclasses import dataclass

from .models import DeliverySettings, Disclaimer, ReviewSettings
from .review import ServedReview, served_review_of, served_with_review
from .speed import cache, tags
from .speed.cache import cached_by_arguments

SETTINGS_TAG = tags.SETTINGS


def review_settings() -> ReviewSettings:
    return cache.cached("delivery:review-settings", tags=[SETTINGS_TAG], build=ReviewSettings.load, timeout=None)


def delivery_settings() -> DeliverySettings:
    return cache.cached("delivery:delivery-settings", tags=[SETTINGS_TAG], build=DeliverySettings.load, timeout=None)


def disclaimer_for(
    *,
    disclaimer_id: int | None,
    locale_id: int,
    default_locale_id: int,
    review_settings: ReviewSettings,
    on: datetime.date | None = None,
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
        on=on,
        details=True,
    )
    by_locale = {version.locale_id: version for version in versions}
    return by_locale.get(locale_id) or by_locale.get(default_locale_id)


@dataclass(frozen=True)
class ServedDisclaimer:
    """The disclaimer an article shows, as stored (its body's links are resolved per clinic on the way out)."""

    id: int
    translation_key: str
    title: str
    locale: str
    body: str
    medical_review: ServedReview


@cached_by_arguments(tags=lambda **arguments: [tags.DISCLAIMERS, tags.SETTINGS])
def served_disclaimer(
    *, disclaimer_id: int, locale_id: int, default_locale_id: int, review_settings: ReviewSettings, on: datetime.date
) -> ServedDisclaimer | None:
    """``disclaimer_for`` as served, cached until any disclaimer or the settings change."""
    disclaimer = disclaimer_for(
        disclaimer_id=disclaimer_id,
        locale_id=locale_id,
        default_locale_id=default_locale_id,
        review_settings=review_settings,
        on=on,
    )
    if disclaimer is None:
        return None
    return ServedDisclaimer(
        id=disclaimer.pk,
        translation_key=str(disclaimer.translation_key),
        title=disclaimer.title,
        locale=disclaimer.locale.language_code,
        body=disclaimer.body,
        medical_review=served_review_of(disclaimer, review_settings=review_settings, on=on),
    )
