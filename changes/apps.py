from django.apps import AppConfig


class ChangesConfig(AppConfig):
    name = "changes"
    verbose_name = "Changes told to clinic websites"

    def ready(self):
        from . import tasks  # noqa: F401 - wakes the relay after every commit that recorded changes
