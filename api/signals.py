"""A revoked key or a deactivated client is refused at once, in every process: cached keys go."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from network.speed.invalidation import invalidate

from .authentication import KEYS_TAG
from .models import FrontEndClient, FrontEndKey


@receiver([post_save, post_delete], sender=FrontEndKey)
@receiver([post_save, post_delete], sender=FrontEndClient)
def key_or_client_changed(sender, instance, **kwargs):
    invalidate(KEYS_TAG)
