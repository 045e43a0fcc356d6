"""The audit log says what happened in words: an API key issued or revoked, a preview in a
clinic's website (regression: these entries rendered as "<bound method ...>")."""

import pytest
from django.urls import reverse
from wagtail.log_actions import log

from api.models import FrontEndClient
from clinics.models import Clinic

pytestmark = pytest.mark.django_db


def test_the_site_history_shows_key_entries_in_words(admin_client):
    client = FrontEndClient.objects.create(name="Phoenix website", clinic=Clinic.objects.get(slug="phoenix"))
    log(instance=client, action="api.frontend_key.create", data={"prefix": "Ab12Cd34"})
    log(instance=client, action="api.frontend_key.revoke", data={"prefix": "Ab12Cd34"})
    page = admin_client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "API key Ab12Cd34 issued" in page
    assert "API key Ab12Cd34 revoked" in page
    assert "bound method" not in page


def test_a_preview_entry_reads_as_a_sentence(admin_client):
    from wagtail.log_actions import registry

    from network.preview import PREVIEW_ACTION

    client = FrontEndClient.objects.create(name="Phoenix preview", clinic=Clinic.objects.get(slug="phoenix"))
    entry = log(instance=client, action=PREVIEW_ACTION, data={"revision": 7, "clinic": "phoenix", "locale": "en"})
    assert registry.get_formatter(entry).format_message(entry) == "Previewed revision 7 as phoenix shows it (en)"
