from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = "Clinic network"

    def ready(self):
        from . import signals  # noqa: F401 - connects the cache invalidation receivers
