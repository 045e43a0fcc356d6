"""``demo_credentials``: print where the demo platform runs, its logins and fresh demo API keys."""

import io

from django.core.management import call_command
from django.core.management.base import BaseCommand

from api.management.commands.demo_preview_site import preview_url_template
from articles.management.commands.load_demo_network import (
    DEMO_ADMIN,
    DEMO_CLINIC_EDITORS,
    DEMO_EDITOR,
    DEMO_REVIEWER,
)


class Command(BaseCommand):
    help = "Print the demo URLs and logins, and create a network-wide and a Phoenix API key to try."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")
        parser.add_argument("--preview-site-url", default="http://127.0.0.1:3000", help="Where demo_preview_site runs.")

    def handle(self, *args, base_url, preview_site_url, **options):
        preview_url = preview_url_template(preview_site_url.rstrip("/"), "phoenix")
        keys = {}
        for label, arguments in (("network", ["--network"]), ("phoenix", ["--clinic", "phoenix"])):
            out = io.StringIO()
            call_command("create_api_key", *arguments, "--name", f"Demo {label} front-end", stdout=out)
            keys[label] = out.getvalue().strip()
        out = io.StringIO()
        call_command(
            "create_api_key",
            "--clinic",
            "phoenix",
            "--kind",
            "preview",
            "--name",
            "Demo phoenix preview website",
            "--preview-url",
            preview_url,
            stdout=out,
        )
        keys["preview"] = out.getvalue().strip()
        base_url = base_url.rstrip("/")
        self.stdout.write(
            "\n".join(
                [
                    "",
                    "Clinic network content platform (demo)",
                    f"  Admin:  {base_url}/admin/",
                    f"    administrator:    {DEMO_ADMIN['username']} / {DEMO_ADMIN['password']}",
                    f"    network editor:   {DEMO_EDITOR['username']} / {DEMO_EDITOR['password']}",
                    *(
                        f"    {slug} editor:{' ' * (10 - len(slug))}{login['username']} / {login['password']}"
                        for slug, login in DEMO_CLINIC_EDITORS.items()
                    ),
                    f"    medical reviewer: {DEMO_REVIEWER['username']} / {DEMO_REVIEWER['password']}"
                    f"  (review dashboard: {base_url}/admin/medical-review/)",
                    f"  API:    {base_url}/api/v1/",
                    f"  API reference: {base_url}/api/v1/docs/",
                    f"  Network API key:  {keys['network']}",
                    f"  Phoenix API key:  {keys['phoenix']}",
                    f"  Phoenix preview key (drafts, with a preview token): {keys['preview']}",
                    f"  Preview websites of the demo clinics: {preview_site_url}/<clinic>/preview (the admin's Preview frames them)",
                    "  Try:",
                    f"    curl -H 'Authorization: Api-Key {keys['network']}' {base_url}/api/v1/clinics/",
                    f"    curl -H 'Authorization: Api-Key {keys['phoenix']}' '{base_url}/api/v1/clinics/phoenix/articles/?locale=es'",
                    "",
                ]
            )
        )
