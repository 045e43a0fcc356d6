"""``create_api_key`` prints a working key and nothing else; ``demo_credentials`` prints logins."""

import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from api.models import FrontEndKey

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_clinic_key_prints_only_the_key_and_reads_only_its_clinic():
    output = run("create_api_key", "--clinic", "phoenix")
    key = output.strip()
    assert output == key + "\n"
    assert "." in key and " " not in key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert client.get("/api/v1/clinics/phoenix/articles/").status_code == 200
    assert client.get("/api/v1/clinics/peoria/articles/").status_code == 403
    stored = FrontEndKey.objects.get(prefix=key.split(".")[0])
    assert stored.client.clinic.slug == "phoenix"
    assert key not in stored.hashed_key


def test_network_key_reads_every_clinic():
    key = run("create_api_key", "--network").strip()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert client.get("/api/v1/clinics/").json()["count"] == 4
    assert client.get("/api/v1/clinics/peoria/articles/").status_code == 200


def test_unknown_clinic_is_a_clear_error():
    with pytest.raises(CommandError, match=r"No clinic with slug 'nowhere'\. Known clinics: fayetteville"):
        run("create_api_key", "--clinic", "nowhere")


def test_scope_is_required_and_exclusive():
    with pytest.raises(CommandError):
        run("create_api_key")
    with pytest.raises(CommandError):
        run("create_api_key", "--network", "--clinic", "phoenix")


def test_demo_credentials_print_urls_logins_and_working_keys():
    output = run("demo_credentials", "--base-url", "http://127.0.0.1:8000")
    assert "http://127.0.0.1:8000/admin/" in output
    assert "reviewer / demo-reviewer-password" in output and "editor / demo-editor-password" in output
    assert "http://127.0.0.1:8000/api/v1/" in output
    assert "http://127.0.0.1:8000/api/v1/docs/" in output
    network_key = output.split("Network API key:")[1].split()[0]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {network_key}")
    assert client.get("/api/v1/clinics/").status_code == 200


def test_a_preview_key_needs_a_clinic_and_a_preview_url():
    with pytest.raises(CommandError, match="Give the address where the clinic's website shows a draft"):
        run("create_api_key", "--clinic", "phoenix", "--kind", "preview")
    with pytest.raises(CommandError, match="A preview client belongs to one clinic"):
        run("create_api_key", "--network", "--kind", "preview", "--preview-url", "https://x.example.com/?t={token}")
    with pytest.raises(CommandError, match="Put \\{token\\} where"):
        run("create_api_key", "--clinic", "phoenix", "--kind", "preview", "--preview-url", "https://x.example.com/")
    key = run(
        "create_api_key",
        "--clinic",
        "phoenix",
        "--kind",
        "preview",
        "--preview-url",
        "https://x.example.com/?t={token}",
    ).strip()
    stored = FrontEndKey.objects.get(prefix=key.split(".")[0])
    assert stored.client.reads_drafts and stored.client.preview_url_template == "https://x.example.com/?t={token}"


def test_demo_credentials_print_a_preview_key_for_phoenix():
    output = run(
        "demo_credentials", "--base-url", "http://127.0.0.1:8000", "--preview-site-url", "http://127.0.0.1:3000"
    )
    key = output.split("Phoenix preview key (drafts, with a preview token):")[1].split()[0]
    stored = FrontEndKey.objects.get(prefix=key.split(".")[0])
    assert stored.client.clinic.slug == "phoenix" and stored.client.reads_drafts
    assert stored.client.preview_url_template.startswith("http://127.0.0.1:3000/phoenix/preview?token={token}")
    assert "http://127.0.0.1:3000/<clinic>/preview" in output
