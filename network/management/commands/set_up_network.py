"""``set_up_network``: the locales and shared library every installation needs. Idempotent."""

from django.core.management.base import BaseCommand

from network.services import ensure_network_structure


class Command(BaseCommand):
    help = "Create the content locales and the shared library tree (safe to run again)."

    def handle(self, *args, **options):
        library = ensure_network_structure()
        self.stdout.write(f"Shared library ready: {library.title} (page {library.pk}).")
