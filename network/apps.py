from django.apps import AppConfig


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
