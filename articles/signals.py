"""Cache invalidation for articles: the article's own responses, and the list it appears in
(the shared library's, or its clinic's)."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.signals import page_unpublished, post_page_move, published

from clinics.structure import network_structure
from network.models import MedicalReview
from network.signals import reviewed_content_of
from network.speed import tags
from network.speed.invalidation import invalidate, is_draft_only, stored_value

from .models import ArticleCategory, ArticlePage, LocalArticleText, SharedArticleOverride
from .overrides import record_master


def list_tag_of(article: ArticlePage) -> str:
    """``list:clinic:<pk>`` for a clinic's own article, ``list:shared`` for a library article."""
    for clinic in network_structure().clinics.values():
        if any(article.path.startswith(home.path) for home in clinic.homes.values()):
            return tags.clinic_list(clinic.pk)
    return tags.SHARED_LIST


@receiver([post_save, post_delete], sender=ArticlePage)
@receiver(page_unpublished, sender=ArticlePage)  # a base Page saved (bulk unpublish, expiry): no post_save of ours
def article_changed(sender, instance, **kwargs):
    if not is_draft_only(kwargs.get("update_fields")):
        invalidate(tags.content(instance.translation_key), list_tag_of(instance))


@receiver(post_page_move)
def page_moved_anywhere(sender, instance, **kwargs):
    invalidate(tags.STRUCTURE, tags.LISTS, tags.content(instance.translation_key))


@receiver([post_save, post_delete], sender=MedicalReview)
def article_review_recorded(sender, instance, **kwargs):
    content = reviewed_content_of(instance)
    if isinstance(content, ArticlePage):
        invalidate(list_tag_of(content))


@receiver(pre_save, sender=SharedArticleOverride)
@receiver(pre_save, sender=LocalArticleText)
def override_saving(sender, instance, **kwargs):
    instance._stored_clinic_id = stored_value(instance, "clinic_id")


@receiver([post_save, post_delete], sender=SharedArticleOverride)
@receiver([post_save, post_delete], sender=LocalArticleText)
def override_changed(sender, instance, **kwargs):
    """The clinic the override or local text belongs to now, and the one it left (moved to
    another clinic). A local text's draft revision changes nothing served."""
    if sender is LocalArticleText and is_draft_only(kwargs.get("update_fields")):
        return
    clinics = {instance.clinic_id, getattr(instance, "_stored_clinic_id", None)} - {None}
    article_key = ArticlePage.objects.filter(pk=instance.article_id).values_list("translation_key", flat=True).first()
    invalidate(*tags.of_clinics(clinics), subjects=(tags.content(article_key),) if article_key else ())


@receiver(published, sender=LocalArticleText)
def local_text_published(sender, instance, **kwargs):
    """An approved local text matches the shared article as it is served now."""
    record_master(instance)


@receiver([post_save, post_delete], sender=ArticleCategory)
@receiver([post_save, post_delete], sender=Tag)
def taxonomy_changed(sender, instance, **kwargs):
    invalidate(tags.TAXONOMY, tags.LISTS)
