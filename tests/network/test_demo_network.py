"""The demo network: complete, fictional in every contact detail, and loadable twice."""

import io
import re

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision

from articles.models import ArticlePage
from clinics.models import Clinic, ContactBlock
from network.models import Disclaimer, SharedLibraryPage

pytestmark = pytest.mark.django_db


def test_running_twice_changes_nothing():
    counts = lambda: (  # noqa: E731
        Page.objects.count(),
        Revision.objects.count(),
        ContactBlock.objects.count(),
        Disclaimer.objects.count(),
        Clinic.objects.count(),
    )
    before = counts()
    out = io.StringIO()
    call_command("load_demo_network", stdout=out)
    assert counts() == before
    assert "0 objects created" in out.getvalue()


def test_demo_network_has_what_the_brief_asks_for():
    assert set(Clinic.objects.values_list("slug", flat=True)) == {"peoria", "phoenix", "fayetteville", "tempe"}
    phoenix = Clinic.objects.get(slug="phoenix")
    assert sorted(phoenix.locales.values_list("language_code", flat=True)) == ["en", "es"]
    assert set(Disclaimer.objects.filter(live=True).values_list("locale__language_code", flat=True)) == {"en", "es"}
    library = SharedLibraryPage.objects.get(locale__language_code="en")
    shared = ArticlePage.objects.live().child_of(library)
    assert shared.count() >= 6
    for article in shared:
        assert article.body[-1].block_type == "contact", article.slug
    for clinic in Clinic.objects.all():
        assert ArticlePage.objects.live().child_of(clinic.site.root_page).exists(), clinic.slug
    assert ArticlePage.objects.live().filter(locale__language_code="es").exists()


def test_every_contact_detail_is_plainly_fictional():
    for block in ContactBlock.objects.all():
        assert re.search(r"555-01\d\d$", block.phone), block.phone
        assert block.email.endswith("example.com")
        assert "example.com" in block.booking_url
    for clinic in Clinic.objects.all():
        assert clinic.frontend_base_url.endswith(".example.com")


def test_demo_articles_avoid_promotional_claims():
    banned = re.compile(r"completely safe|proven|\bcure[sd]?\b|revolutionary|guarantee", re.IGNORECASE)
    for article in ArticlePage.objects.all():
        text = f"{article.title} {article.summary} {article.body.raw_data}"
        assert not banned.search(text), (article.slug, banned.search(text).group(0))
