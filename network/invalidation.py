"""Bumping delivery cache tags when content changes: now (for this process) and again after the
transaction commits (so no other process can cache the old data under the new version)."""

from django.db import transaction

from . import cache

# Saving only these fields is a draft or lock change: nothing any front-end sees.
DRAFT_ONLY_FIELDS = {
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
    "live_revision",
}


def invalidate(*tags: str) -> None:
    cache.bump(*tags)
    transaction.on_commit(lambda: cache.bump(*tags))


def is_draft_only(update_fields) -> bool:
    return update_fields is not None and set(update_fields) <= DRAFT_ONLY_FIELDS - {"live_revision"}


def image_tag(image_id: int) -> str:
    """The tag of every response built with the image: bumped when the image changes."""
    return f"image:{image_id}"


def stored_value(instance, field: str):
    """The field's value as stored before this save (None for a new row): for receivers that must
    invalidate what a change leaves as well as what it joins."""
    if instance.pk is None:
        return None
    return type(instance)._base_manager.filter(pk=instance.pk).values_list(field, flat=True).first()
