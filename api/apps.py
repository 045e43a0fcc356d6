from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Delivery API"

    def ready(self):
        from . import signals  # noqa: F401 - drops cached keys when a key or client changes
