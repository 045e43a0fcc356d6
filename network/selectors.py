"""Reads of network-wide content."""

from wagtail.models import Locale

from .models import Disclaimer, ReviewSettings
from .review import served_with_review


def disclaimer_for(
    *, disclaimer: Disclaimer | None, locale: Locale, review_settings: ReviewSettings
) -> Disclaimer | None:
    """The medically approved live disclaimer in the locale, else the approved one in the default
    locale; never an unreviewed translation. The row's own ``locale`` says which was served, and
    ``medical_review_id`` which approval it carries."""
    if disclaimer is None:
        return None
    versions = served_with_review(
        Disclaimer.objects.filter(translation_key=disclaimer.translation_key).select_related("locale"),
        review_settings=review_settings,
    )
    by_locale = {version.locale_id: version for version in versions}
    return by_locale.get(locale.pk) or by_locale.get(Locale.get_default().pk)
