from django.apps import AppConfig


class ClinicsConfig(AppConfig):
    name = "clinics"
    verbose_name = "Clinics"

    def ready(self):
        from . import signals  # noqa: F401 - connects the cache invalidation receivers
