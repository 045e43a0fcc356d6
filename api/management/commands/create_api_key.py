"""``create_api_key --clinic <slug>`` or ``--network``: print a new front-end key, and only the key."""

from django.core.exceptions import ValidationError
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
        parser.add_argument(
            "--preview-url",
            default="",
            help="With --kind preview: the website's preview URL, with {token} (and {kind}, {clinic}, {slug}, {locale}, {id}).",
        )

    def handle(self, *args, clinic=None, network=False, name=None, kind="delivery", preview_url="", **options):
        clinic_obj = None
        if clinic:
            clinic_obj = Clinic.objects.filter(slug=clinic).first()
            if clinic_obj is None:
                known = ", ".join(Clinic.objects.order_by("slug").values_list("slug", flat=True)) or "none yet"
                raise CommandError(f"No clinic with slug '{clinic}'. Known clinics: {known}.")
        name = name or (f"{clinic_obj.name} website" if clinic_obj else "Network front-end")
        client = FrontEndClient.objects.filter(name=name, clinic=clinic_obj, kind=kind).first()
        if client is None:
            client = FrontEndClient(name=name, clinic=clinic_obj, kind=kind)
        client.preview_url_template = preview_url or client.preview_url_template
        try:
            client.full_clean()
        except ValidationError as invalid:
            problems = "; ".join(message for messages in invalid.message_dict.values() for message in messages)
            raise CommandError(problems) from None
        client.save()
        _, key = FrontEndKey.objects.create_key(name=f"{name} key", client=client)
        self.stdout.write(key)
