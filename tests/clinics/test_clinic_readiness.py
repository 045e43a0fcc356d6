"""Adding a clinic: it starts with draft contact blocks for its locales and an editors' group, and
the admin shows what it still lacks (contact blocks, a front-end client, editors) until it is
ready; meanwhile its API answers articles without a `contact` key, never `"contact": null`."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient
from wagtail.log_actions import registry as log_registry
from wagtail.models import Locale, Page, Site

from api.models import FrontEndClient
from clinics.models import Clinic, ClinicHomePage, ContactBlock
from clinics.services import create_contact_block_drafts, ensure_clinic_editors_group, ensure_clinic_tree
from tests.golden import assert_matches_golden

pytestmark = pytest.mark.django_db

ARTICLE = "what-is-ketamine-infusion-therapy"


def clinic_form(**overrides) -> dict:
    return {
        "name": "Example Valley Clinic",
        "slug": "valley",
        "city": "Mesa",
        "state": "az",
        "time_zone": "America/Phoenix",
        "locales": list(Locale.objects.filter(language_code__in=("en", "es")).values_list("pk", flat=True)),
        "frontend_base_url": "https://valley.example.com/",
        **overrides,
    }


def contact_form(*, clinic: Clinic, **extra) -> dict:
    return {
        "clinic": clinic.pk,
        "phone": "(480) 555-0177",
        "email": "hello@valley.example.com",
        "street_address": "77 Example Way",
        "address_locality": "Mesa",
        "address_region": "AZ",
        "postal_code": "85201",
        "opening_hours-count": "0",
        "booking_url": "",
        "call_to_action": "Book a consultation",
        **extra,
    }


def add_clinic(admin_client, **overrides) -> Clinic:
    response = admin_client.post(reverse("wagtailsnippets_clinics_clinic:add"), clinic_form(**overrides))
    assert response.status_code == 302, response.content.decode()[:3000]
    clinic = Clinic.objects.get(slug=overrides.get("slug", "valley"))
    assert response["Location"] == reverse("wagtailsnippets_clinics_clinic:edit", args=(clinic.pk,))
    return clinic


CHECKLIST_ROW = re.compile(r'data-readiness-item="([^"]+)" data-done="(true|false)"')


def checklist(html: str) -> dict[str, bool]:
    """The checklist's items as the admin shows them: label to done."""
    rows = CHECKLIST_ROW.findall(html)
    assert rows, "no readiness checklist on the page"
    return {label: done == "true" for label, done in rows}


def checklist_of(admin_client, clinic: Clinic) -> dict[str, bool]:
    response = admin_client.get(reverse("wagtailsnippets_clinics_clinic:edit", args=(clinic.pk,)))
    assert response.status_code == 200
    return checklist(response.content.decode())


def editors_group_of(clinic: Clinic) -> Group:
    return Group.objects.filter(page_permissions__page_id=clinic.site.root_page_id).distinct().get()


def publish_contact_block(admin_client, block: ContactBlock) -> None:
    response = admin_client.post(
        reverse("wagtailsnippets_clinics_contactblock:edit", args=(block.pk,)),
        contact_form(clinic=block.clinic, **{"action-publish": "action-publish"}),
    )
    assert response.status_code == 302, response.content.decode()[:3000]


def test_adding_a_clinic_creates_a_draft_contact_block_for_each_locale(admin_client):
    clinic = add_clinic(admin_client)

    blocks = {block.locale.language_code: block for block in ContactBlock.objects.filter(clinic=clinic)}
    assert sorted(blocks) == ["en", "es"]
    for block in blocks.values():
        assert not block.live, "a draft is never served"
        assert block.live_revision_id is None
        assert block.revisions.count() == 1, "every edit is a revision, the first one too"
        assert (block.address_locality, block.address_region) == ("Mesa", "AZ")
        assert block.phone == block.street_address == block.postal_code == ""
        entry = log_registry.get_logs_for_instance(block).get(action="wagtail.create")
        assert entry.user.username == "admin"
    assert blocks["en"].call_to_action == "Book a consultation"
    assert blocks["es"].call_to_action == "Reserve una consulta"

    page = admin_client.get(reverse("wagtailsnippets_clinics_clinic:edit", args=(clinic.pk,))).content.decode()
    assert "created with its site, home pages, editors" in page
    assert "draft contact blocks (English, Spanish)" in page


def test_the_checklist_lists_what_is_missing_and_updates_as_it_is_added(admin_client):
    clinic = add_clinic(admin_client)
    assert checklist_of(admin_client, clinic) == {
        "Contact block (English)": False,
        "Contact block (Spanish)": False,
        "Front-end client": False,
        "Editors": False,
    }
    page = admin_client.get(reverse("wagtailsnippets_clinics_clinic:edit", args=(clinic.pk,))).content.decode()
    assert "still lacks 4 of 4 items" in page
    english = ContactBlock.objects.get(clinic=clinic, locale__language_code="en")
    assert reverse("wagtailsnippets_clinics_contactblock:edit", args=(english.pk,)) in page
    assert f"{reverse('frontend_clients:add')}?clinic={clinic.pk}" in page

    publish_contact_block(admin_client, english)
    assert checklist_of(admin_client, clinic)["Contact block (English)"] is True
    assert checklist_of(admin_client, clinic)["Contact block (Spanish)"] is False

    # The front-end client, through the checklist's link (it fills in the clinic) and a key.
    form = admin_client.get(f"{reverse('frontend_clients:add')}?clinic={clinic.pk}").content.decode()
    assert re.search(rf'<option value="{clinic.pk}" selected>', form)
    assert 'value="Example Valley Clinic website"' in form
    response = admin_client.post(
        reverse("frontend_clients:add"),
        {"name": "Valley website", "clinic": clinic.pk, "kind": "delivery", "allowed_origins": "", "is_active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    client = FrontEndClient.objects.get(clinic=clinic)
    assert checklist_of(admin_client, clinic)["Front-end client"] is False, "a client without a key reads nothing"
    assert admin_client.post(reverse("frontend_client_new_key", args=(client.pk,))).status_code == 200
    assert checklist_of(admin_client, clinic)["Front-end client"] is True

    # An editor: an active user in the group that edits the clinic's pages.
    group = editors_group_of(clinic)
    editor = get_user_model().objects.create_user("valley-editor", "editor@valley.example.com", "x", is_active=False)
    editor.groups.add(group)
    assert checklist_of(admin_client, clinic)["Editors"] is False, "an inactive user edits nothing"
    editor.is_active = True
    editor.save()
    assert checklist_of(admin_client, clinic)["Editors"] is True

    publish_contact_block(admin_client, ContactBlock.objects.get(clinic=clinic, locale__language_code="es"))
    page = admin_client.get(reverse("wagtailsnippets_clinics_clinic:edit", args=(clinic.pk,))).content.decode()
    assert set(checklist(page).values()) == {True}
    assert "Example Valley Clinic is ready" in page

    listing = admin_client.get(reverse("wagtailsnippets_clinics_clinic:list")).content.decode()
    row = re.search(r"Example Valley Clinic.*?</tr>", listing, re.S).group(0)
    assert 'data-ready="true"' in row


def test_the_checklist_links_to_adding_a_missing_contact_block_with_the_clinic_filled_in(admin_client):
    clinic = add_clinic(admin_client)
    ContactBlock.objects.filter(clinic=clinic, locale__language_code="es").delete()
    page = admin_client.get(reverse("wagtailsnippets_clinics_clinic:edit", args=(clinic.pk,))).content.decode()
    link = f"{reverse('wagtailsnippets_clinics_contactblock:add')}?locale=es&amp;clinic={clinic.pk}"
    assert link in page
    form = admin_client.get(link.replace("&amp;", "&")).content.decode()
    assert f'name="clinic" value="{clinic.pk}"' in form  # the clinic chooser, filled in
    for nonsense in ("²", "abc", "9" * 40, str(clinic.pk + 10_000)):
        response = admin_client.get(
            f"{reverse('wagtailsnippets_clinics_contactblock:add')}?locale=es&clinic={nonsense}"
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert 'name="clinic"' in page
        assert not re.search(r'name="clinic" value="\d', page)


def test_the_checklist_is_on_the_clinic_home_page_in_the_admin(admin_client):
    clinic = add_clinic(admin_client)
    for home in ClinicHomePage.objects.filter(translation_key=clinic.site.root_page.translation_key):
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(home.pk,)))
        assert response.status_code == 200
        assert checklist(response.content.decode())["Contact block (Spanish)"] is False


def test_demo_clinics_lack_only_what_the_demo_does_not_make(admin_client, make_key):
    """Demo clinics have published contact blocks and Phoenix has its editor; a network-wide key is
    not the clinic's website, and Wagtail's own "Editors" group (permissions on the root) makes no
    one a clinic's editor (Tempe has none)."""
    phoenix = Clinic.objects.get(slug="phoenix")
    make_key(None)
    assert checklist_of(admin_client, phoenix) == {
        "Contact block (English)": True,
        "Contact block (Spanish)": True,
        "Front-end client": False,
        "Editors": True,
    }
    assert checklist_of(admin_client, Clinic.objects.get(slug="tempe"))["Editors"] is False
    make_key("phoenix")
    assert checklist_of(admin_client, phoenix)["Front-end client"] is True


def test_the_clinics_listing_costs_the_same_queries_however_many_clinics(admin_client, make_key):
    url = reverse("wagtailsnippets_clinics_clinic:list")
    admin_client.get(url)
    with CaptureQueriesContext(connection) as few:
        response = admin_client.get(url)
    assert response.content.decode().count("data-ready=") == Clinic.objects.count()
    for n in range(3):
        clinic = Clinic.objects.create(
            slug=f"more-{n}", name=f"More {n}", city="Mesa", state="AZ", frontend_base_url="https://x.example.com"
        )
        clinic.locales.set(Locale.objects.all())
        ensure_clinic_tree(clinic=clinic)
        ensure_clinic_editors_group(clinic=clinic)
        create_contact_block_drafts(clinic=clinic)
        make_key(clinic.slug)
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url)
    assert response.content.decode().count("data-ready=") == Clinic.objects.count()
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_a_clinic_with_bad_values_gets_form_errors_and_nothing_is_made(admin_client):
    counts = (Clinic, ContactBlock, Group, Page, Site)
    before = [model.objects.count() for model in counts]
    response = admin_client.post(
        reverse("wagtailsnippets_clinics_clinic:add"),
        clinic_form(state="A1", time_zone="Mars/Olympus", frontend_base_url="not a url"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Use the two-letter state code" in page or "is not an IANA time zone" in page
    assert [model.objects.count() for model in counts] == before


def test_a_clinic_whose_contact_drafts_cannot_be_made_is_not_saved_either(admin_client, monkeypatch):
    """The drafts are made in the create view's transaction: a failure half-way leaves no clinic,
    no tree, no group and no orphan draft."""
    from clinics import services

    made = []
    real_execute = services.CreateAction.execute

    def second_draft_fails(self, *args, **kwargs):
        if made:
            raise RuntimeError("the database refused the draft")
        made.append(real_execute(self, *args, **kwargs))
        return made[-1]

    monkeypatch.setattr(services.CreateAction, "execute", second_draft_fails)
    counts = (Clinic, ContactBlock, Group, Page, Site)
    before = [model.objects.count() for model in counts]
    response = admin_client.post(reverse("wagtailsnippets_clinics_clinic:add"), clinic_form())
    assert response.status_code == 500
    assert made, "the first draft was made before the failure"
    assert [model.objects.count() for model in counts] == before


def test_a_new_clinic_never_inherits_another_clinics_editors(admin_client):
    """Its group is found by its permissions on the clinic's own tree, never by name."""
    first = add_clinic(admin_client)
    first_group = editors_group_of(first)
    second = add_clinic(admin_client, slug="valley-2")  # the same name
    second_group = editors_group_of(second)
    assert second_group != first_group
    assert second_group.name == "Example Valley Clinic editors (2)"
    assert not first_group.page_permissions.filter(page__in=Page.objects.filter(pk=second.site.root_page_id)).exists()
    # Saving the clinic again (a locale added later) keeps one group, now also on the new home.
    response = admin_client.post(
        reverse("wagtailsnippets_clinics_clinic:edit", args=(first.pk,)),
        clinic_form(locales=list(Locale.objects.filter(language_code="en").values_list("pk", flat=True))),
    )
    assert response.status_code == 302
    assert Group.objects.filter(page_permissions__page__in=[first.site.root_page_id]).distinct().count() == 1


def article_for(clinic_slug: str, make_key, locale: str = "en"):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {make_key(clinic_slug)}")
    return client.get(f"/api/v1/clinics/{clinic_slug}/articles/{ARTICLE}/?locale={locale}")


def test_an_article_for_a_clinic_without_a_published_contact_block_has_no_contact_key(admin_client, make_key):
    """Golden shape: front-ends render the article without a contact section, never read a null."""
    add_clinic(admin_client)
    response = article_for("valley", make_key)
    assert response.status_code == 200
    data = response.json()
    assert "contact" not in data
    assert b'"contact":null' not in response.content and b'"contact": null' not in response.content
    assert [block for block in data["body"] if block["type"] == "contact"] == []
    assert set(data["json_ld"]["publisher"]) == {"@type", "name", "url"}
    assert_matches_golden("article_detail_clinic_without_contact", data)
    contact = APIClient()
    contact.credentials(HTTP_AUTHORIZATION=f"Api-Key {make_key('valley')}")
    assert contact.get("/api/v1/clinics/valley/contact/").status_code == 404


def test_the_contact_shows_up_once_the_clinic_publishes_it(admin_client, make_key):
    clinic = add_clinic(admin_client)
    assert "contact" not in article_for("valley", make_key).json()
    publish_contact_block(admin_client, ContactBlock.objects.get(clinic=clinic, locale__language_code="en"))
    for locale in ("en", "es"):  # Spanish: the default-locale block stands in, labelled as such
        data = article_for("valley", make_key, locale).json()
        assert data["contact"]["phone"] == "(480) 555-0177"
        assert data["contact"]["locale"] == "en"
        assert [block["value"]["contact"]["phone"] for block in data["body"] if block["type"] == "contact"] == [
            "(480) 555-0177"
        ]


def test_an_unpublished_contact_block_takes_the_contact_out_of_the_fast_path_too(make_key, monkeypatch):
    """The cached fast path answers what the view built: after the block is unpublished, neither
    answers a contact."""
    from api import fast_path

    served = []
    original = fast_path.respond
    monkeypatch.setattr(fast_path, "respond", lambda request, entry: served.append(1) or original(request, entry))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {make_key('tempe')}")
    path = f"/api/v1/clinics/tempe/articles/{ARTICLE}/"
    assert "contact" in client.get(path).json()
    for block in ContactBlock.objects.filter(clinic__slug="tempe"):
        block.unpublish()
    by_view = client.get(path)
    assert "contact" not in by_view.json()
    for _ in range(3):
        by_fast_path = client.get(path)
    assert served
    assert by_fast_path.content == by_view.content
