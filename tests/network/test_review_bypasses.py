"""Ways around the medical-review gate that editors and administrators can take in the admin:
aliases, translated snippets, replaced images. None of them may serve what no reviewer approved."""

import pytest
from django.urls import reverse
from wagtail.models import Locale

from articles.models import ArticlePage
from clinics.models import Clinic, ContactBlock
from network.models import Disclaimer
from tests.network.conftest import logged_in

pytestmark = pytest.mark.django_db

SHARED = "what-is-ketamine-infusion-therapy"
REPORT = "/admin/reports/published-without-review/"


def phoenix_home():
    return Clinic.objects.get(slug="phoenix").site.root_page


def phoenix_slugs(api) -> set[str]:
    return {item["slug"] for item in api.get("/api/v1/clinics/phoenix/articles/?page_size=100").json()["results"]}


def test_an_alias_serves_nothing_of_its_own_and_is_reported(superuser, network_api):
    """A script aliases a shared article into Phoenix's tree (the admin's copy form offers no
    alias of an article: tests/admin/test_editor_day.py), then publishes an edit of the original
    without review: the alias must not carry the unreviewed text under the old approval."""
    original = ArticlePage.objects.get(slug=SHARED, locale__language_code="en")
    admin = logged_in(superuser)
    original.create_alias(parent=phoenix_home(), update_slug="aliased-article")
    alias = ArticlePage.objects.get(slug="aliased-article")
    assert alias.alias_of_id == original.pk and alias.live

    edit = original.get_latest_revision_as_object()
    edit.title = "Unreviewed title carried by an alias"
    edit.save_revision(user=superuser).publish(user=superuser, skip_permission_checks=True)
    alias.refresh_from_db()
    assert alias.title == "Unreviewed title carried by an alias"  # Wagtail refreshed the alias

    assert "aliased-article" not in phoenix_slugs(network_api)
    assert network_api.get("/api/v1/clinics/phoenix/articles/aliased-article/").status_code == 404
    served = network_api.get("/api/v1/clinics/phoenix/articles/?page_size=100").json()["results"]
    assert all(item["title"] != "Unreviewed title carried by an alias" for item in served)
    report = admin.get(REPORT).content.decode()
    assert report.count("Unreviewed title carried by an alias") == 2  # the original and its alias


def spanish():
    return Locale.objects.get(language_code="es")


def test_a_disclaimer_translated_in_the_admin_starts_as_an_unreviewed_draft(superuser, editor, network_api):
    """The English disclaimer is approved and has an unreviewed draft; Translate makes the Spanish
    row. Spanish readers must not get the draft as an approved disclaimer."""
    english = Disclaimer.objects.filter(locale__language_code="en", live=True).first()
    # A Spanish article naming the English disclaimer (translations made before references followed
    # them into the target locale did): the delivery finds the Spanish one by translation key.
    article = next(a for a in ArticlePage.objects.filter(live=True, locale=spanish()) if a.disclaimer_id)
    ArticlePage.objects.filter(pk=article.pk).update(disclaimer=english)
    Disclaimer.objects.filter(translation_key=english.translation_key, locale=spanish()).delete()
    draft = english.get_latest_revision_as_object()
    draft.body = "<p>Unreviewed draft wording.</p>"
    draft.save_revision(user=editor)

    response = logged_in(superuser).post(
        reverse("simple_translation:submit_snippet_translation", args=("network", "disclaimer", english.pk)),
        {"locales": [spanish().pk]},
    )
    assert response.status_code == 302, response.content[:500]
    translation = Disclaimer.objects.get(translation_key=english.translation_key, locale=spanish())
    assert not translation.live
    assert translation.live_review_id is None
    assert translation.revisions.count() == 1  # its own first revision, to edit and submit
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(object_id=str(translation.pk), action="wagtail.copy_for_translation").exists()

    served = network_api.get(f"/api/v1/clinics/phoenix/articles/{article.slug}/?locale=es&fallback=false").json()[
        "disclaimer"
    ]
    assert served is not None and served["locale"] == "en"  # the approved English one, labelled
    assert "Unreviewed draft wording" not in served["body"]


def test_a_contact_block_translated_in_the_admin_is_a_draft_until_published(superuser, editor, network_api):
    english = ContactBlock.objects.get(clinic__slug="peoria", locale__language_code="en")
    draft = english.get_latest_revision_as_object() if english.latest_revision_id else english
    draft.phone = "520-555-0199"
    draft.save_revision(user=editor)
    peoria = Clinic.objects.get(slug="peoria")
    peoria.locales.add(spanish())

    response = logged_in(superuser).post(
        reverse("simple_translation:submit_snippet_translation", args=("clinics", "contactblock", english.pk)),
        {"locales": [spanish().pk]},
    )
    assert response.status_code == 302, response.content[:500]
    translation = ContactBlock.objects.get(clinic=peoria, locale=spanish())
    assert not translation.live
    assert translation.revisions.count() == 1
    served = network_api.get("/api/v1/clinics/peoria/contact/?locale=es").json()
    assert served["phone"] != "520-555-0199"
