"""Translations of draftable snippets (disclaimers, contact blocks) start as drafts of their own."""

from wagtail.log_actions import get_active_log_context, log

# What a copy must not inherit from its source: the source's publication and approval.
PUBLICATION_FIELDS = {
    "live": False,
    "has_unpublished_changes": True,
    "live_revision": None,
    "latest_revision": None,
    "first_published_at": None,
    "last_published_at": None,
    "go_live_at": None,
    "expire_at": None,
    "expired": False,
}


class TranslatedAsDraftMixin:
    """Wagtail's Translate action copies a snippet's latest draft into the new locale and saves the
    copy with the source's ``live`` flag, live revision and approval pointer: a Spanish reader would
    get an English editor's unpublished wording. Here the copy is unpublished, points at nothing of
    the source's, and gets its own first revision and an audit entry once saved."""

    def copy_for_translation(self, locale, exclude_fields=None):
        translated = super().copy_for_translation(locale, exclude_fields=exclude_fields)
        for name, value in PUBLICATION_FIELDS.items():
            if hasattr(translated, name):
                setattr(translated, name, value)
        if hasattr(translated, "live_review_id"):
            translated.live_review = None
        translated._translated_from = self
        return translated

    def save(self, *args, **kwargs):
        source = self.__dict__.pop("_translated_from", None)
        super().save(*args, **kwargs)
        if source is not None:
            record_translation_draft(translation=self, source=source)


def record_translation_draft(*, translation, source) -> None:
    """The new translation's first revision and its 'copied for translation' audit entry, by the
    admin user doing it (Wagtail's log context) where there is one."""
    user = get_active_log_context().user
    translation.save_revision(user=user, log_action=False)
    log(
        instance=translation,
        action="wagtail.copy_for_translation",
        user=user,
        data={
            "source": {"id": source.pk, "title": str(source)},
            "source_locale": {"id": source.locale_id, "language_code": source.locale.language_code},
        },
    )
