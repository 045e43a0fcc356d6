from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks and CDN purges"

    def ready(self):
        from . import fanout  # noqa: F401 - turns each recorded clinic change into deliveries
