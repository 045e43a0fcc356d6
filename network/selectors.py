"""Reads of network-wide content."""

from wagtail.models import Locale

from .models import Disclaimer


def disclaimer_for(*, disclaimer: Disclaimer | None, locale: Locale) -> Disclaimer | None:
    """The live disclaimer in the locale, else the live one in the default locale.

    The returned row's own ``locale`` says which was served: never a silent fallback.
    """
    if disclaimer is None:
        return None
    versions = {
        version.locale_id: version
        for version in Disclaimer.objects.filter(translation_key=disclaimer.translation_key, live=True).select_related(
            "locale"
        )
    }
    return versions.get(locale.pk) or versions.get(Locale.get_default().pk)
