from django.apps import AppConfig
from django.db.models.signals import post_migrate


def keep_clinic_teams_in_step(sender, **kwargs):
    """After every ``migrate``: each clinic's editors' group, rights and image collection."""
    from .services import ensure_every_clinic_team

    ensure_every_clinic_team()


class ClinicsConfig(AppConfig):
    name = "clinics"
    verbose_name = "Clinics"

    def ready(self):
        from . import signals  # noqa: F401 - connects the cache invalidation receivers

        post_migrate.connect(keep_clinic_teams_in_step, sender=self)
