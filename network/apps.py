from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = "Clinic network"

    def ready(self):
        from . import signals, translation

        signals.connect_reviewed_models()
        signals.connect_review_notifications()
        translation.connect_translation_copies()
