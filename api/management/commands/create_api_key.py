"""``create_api_key --clinic <slug>`` or ``--network``: print a new front-end key, and only the key."""

from django.core.management.base import BaseCommand, CommandError

from api.models import FrontEndClient, FrontEndKey
from clinics.models import Clinic


class Command(BaseCommand):
    help = "Create a front-end API key for one clinic (--clinic) or the whole network (--network)."

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--clinic", help="Slug of the clinic whose website will use the key.")
        scope.add_argument("--network", action="store_true", help="A key that may read every clinic.")
        parser.add_argument("--name", help="Name of the front-end client (default: derived from the scope).")
        parser.add_argument(
            "--kind", choices=[FrontEndClient.KIND_DELIVERY, FrontEndClient.KIND_PREVIEW], default="delivery"
        )

    def handle(self, *args, clinic=None, network=False, name=None, kind="delivery", **options):
        clinic_obj = None
        if clinic:
            clinic_obj = Clinic.objects.filter(slug=clinic).first()
            if clinic_obj is None:
                known = ", ".join(Clinic.objects.order_by("slug").values_list("slug", flat=True)) or "none yet"
                raise CommandError(f"No clinic with slug '{clinic}'. Known clinics: {known}.")
        name = name or (f"{clinic_obj.name} website" if clinic_obj else "Network front-end")
        client, _ = FrontEndClient.objects.get_or_create(name=name, clinic=clinic_obj, kind=kind)
        _, key = FrontEndKey.objects.create_key(name=f"{name} key", client=client)
        self.stdout.write(key)
