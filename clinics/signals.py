"""Cache invalidation for clinics: their structure (sites, home pages, locales) and contact blocks."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.models import Locale, Site
from wagtail.signals import page_unpublished

from network.speed import tags
from network.speed.invalidation import invalidate, is_draft_only, stored_value

from .models import Clinic, ClinicHomePage, ContactBlock


@receiver([post_save, post_delete], sender=Clinic)
def clinic_changed(sender, instance, **kwargs):
    invalidate(tags.STRUCTURE, tags.LISTS, tags.clinic(instance.pk))


@receiver(m2m_changed, sender=Clinic.locales.through)
def clinic_locales_changed(sender, instance, **kwargs):
    if kwargs.get("action", "").startswith("post_"):
        invalidate(tags.STRUCTURE, tags.LISTS, tags.clinic(instance.pk))


@receiver([post_save, post_delete], sender=Site)
@receiver([post_save, post_delete], sender=Locale)
def site_or_locale_changed(sender, instance, **kwargs):
    invalidate(tags.STRUCTURE, tags.LISTS)


@receiver([post_save, post_delete], sender=ClinicHomePage)
@receiver(page_unpublished, sender=ClinicHomePage)
def clinic_home_changed(sender, instance, **kwargs):
    if not is_draft_only(kwargs.get("update_fields")):
        invalidate(tags.STRUCTURE, tags.LISTS)


@receiver(pre_save, sender=ContactBlock)
def contact_block_saving(sender, instance, **kwargs):
    instance._stored_clinic_id = stored_value(instance, "clinic_id")


@receiver([post_save, post_delete], sender=ContactBlock)
def contact_block_changed(sender, instance, **kwargs):
    """The clinic the block belongs to now, and the one it left (a block moved to another clinic)."""
    if not is_draft_only(kwargs.get("update_fields")):
        clinics = {instance.clinic_id, getattr(instance, "_stored_clinic_id", None)} - {None}
        invalidate(*(tags.clinic(pk) for pk in sorted(clinics)))
