from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Delivery API"

    def ready(self):
        from network.models.preview import connect

        from . import preview_admin, signals  # noqa: F401 - signals drop cached keys when a key or client changes

        connect(preview_admin)  # what the admin's Preview shows: the clinic's preview website
