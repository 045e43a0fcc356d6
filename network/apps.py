from django.apps import AppConfig
from django.db.models.signals import post_migrate


def keep_network_editors_in_step(sender, **kwargs):
    """After every ``migrate``: the network editors' rights (the network's images only)."""
    from django.contrib.auth.models import Group

    from .models import SharedLibraryPage
    from .services import NETWORK_EDITORS_GROUP, ensure_network_editors_group

    if Group.objects.filter(name=NETWORK_EDITORS_GROUP).exists():
        ensure_network_editors_group(libraries=SharedLibraryPage.objects.all())


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = "Clinic network"

    def ready(self):
        # Imported in ready(), Django's place for it: these modules use the models, which Django
        # loads after the app configs (the app-loading order, not an import circle).
        from . import review_decisions, signals, translation
        from .models import MedicalReviewTask

        MedicalReviewTask.connect_decisions(review_decisions)
        signals.connect_reviewed_models()
        signals.connect_review_notifications()
        translation.connect_translation_copies()
        post_migrate.connect(keep_network_editors_in_step, sender=self)
