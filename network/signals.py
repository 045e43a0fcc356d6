"""Cache invalidation for network-wide content: library structure, disclaimers, reviews, settings."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex, TaskState
from wagtail.signals import page_unpublished, task_submitted

from .models import DeliverySettings, Disclaimer, MedicalReview, ReviewSettings, SharedLibraryPage
from .notifications import submitted_for_medical_review_notifier
from .review import refresh_live_review, reviewed_models
from .speed import tags
from .speed.invalidation import PICTURED, invalidate, is_draft_only


@receiver([post_save, post_delete], sender=SharedLibraryPage)
@receiver(page_unpublished, sender=SharedLibraryPage)
def library_changed(sender, instance, **kwargs):
    if not is_draft_only(kwargs.get("update_fields")):
        invalidate(tags.STRUCTURE, tags.LISTS)


@receiver([post_save, post_delete], sender=Disclaimer)
def disclaimer_changed(sender, instance, **kwargs):
    if not is_draft_only(kwargs.get("update_fields")):
        invalidate(tags.content(instance.translation_key), tags.DISCLAIMERS)


@receiver([post_save, post_delete], sender=MedicalReview)
def review_recorded(sender, instance, **kwargs):
    """An approval recorded, changed or deleted (revoked): the content's pointer and answers."""
    content = reviewed_content_of(instance)
    if content is not None and hasattr(content, "translation_key"):
        if getattr(content, "requires_medical_review", False):
            refresh_live_review(content)
        changed = [tags.content(content.translation_key), tags.REVIEW_STATES]
        if isinstance(content, Disclaimer):
            changed.append(tags.DISCLAIMERS)  # what shows a disclaimer not approved before
        invalidate(*changed)


def reviewed_content_of(review: MedicalReview):
    """The object a review is of, or None when it went with it (a deletion cascading)."""
    try:
        return review.revision.content_object
    except ObjectDoesNotExist:
        return None


def keep_live_review(sender, instance, **kwargs):
    """Any save of reviewed content (publish, unpublish, a script) re-points ``live_review``."""
    if not is_draft_only(kwargs.get("update_fields")):
        refresh_live_review(instance)
        invalidate(tags.REVIEW_STATES)  # the admin's "published without medical review"


def connect_reviewed_models() -> None:
    """``post_save`` of each reviewed model, and Wagtail's ``page_unpublished`` of each reviewed
    page type: a bulk unpublish or a scheduled expiry saves the base ``Page``, whose ``post_save``
    names ``Page``, and only ``page_unpublished`` names the page's own type."""
    for model in reviewed_models():
        post_save.connect(keep_live_review, sender=model, dispatch_uid=f"keep_live_review_{model._meta.label}")
        if issubclass(model, Page):
            page_unpublished.connect(
                keep_live_review, sender=model, dispatch_uid=f"keep_live_review_unpublished_{model._meta.label}"
            )


@receiver([post_save, post_delete], sender=ReviewSettings)
@receiver([post_save, post_delete], sender=DeliverySettings)
def settings_changed(sender, instance, **kwargs):
    invalidate(tags.SETTINGS, tags.LISTS)


@receiver(pre_save, sender=get_image_model())
def image_file_fingerprinted(sender, instance, **kwargs):
    """An image's ``file_hash`` always describes its file, whatever saved it (the admin form sets
    it; a script or an upload through the model does not): approvals are checked against it. Its
    old renditions are pictures of the old file, so they go."""
    if kwargs.get("raw"):
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("file", flat=True).first() if instance.pk else None
    if instance.file_hash and stored == instance.file.name:
        return
    try:
        instance._set_file_hash()
    except OSError:
        instance.file_hash = ""  # unreadable: no approval's fingerprint matches it
    if stored is not None and stored != instance.file.name:
        instance.renditions.all().delete()


@receiver(pre_delete, sender=get_image_model())
def image_deleting(sender, instance, **kwargs):
    """The pages showing the image, read before Wagtail's reference index forgets them."""
    references = ReferenceIndex.get_references_to(instance).filter(base_content_type__model="page")
    page_ids = [int(object_id) for object_id in references.values_list("object_id", flat=True)]
    instance._shown_by = [
        str(key) for key in Page.objects.filter(pk__in=page_ids).values_list("translation_key", flat=True)
    ]


@receiver([post_save, post_delete], sender=get_image_model())
def image_changed(sender, instance, **kwargs):
    """Every answer built with the image; and, for the relay, the articles it leaves (deleted)."""
    shown_by = getattr(instance, "_shown_by", ())
    invalidate(tags.image(instance.pk), subjects=tuple(f"{PICTURED}{key}" for key in shown_by))


def connect_review_notifications() -> None:
    """Reviewers are e-mailed when content is submitted (or resubmitted) for medical review."""
    task_submitted.connect(
        submitted_for_medical_review_notifier, sender=TaskState, dispatch_uid="submitted_for_medical_review_email"
    )
