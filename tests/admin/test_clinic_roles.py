"""Clinic editors work on their own clinic only, through the real admin views: the demo's Phoenix
editor sees, chooses and changes Phoenix's pages, contact blocks, overrides and images and never
Peoria's (not in listings, searches, choosers or reports, nor by typing a URL); they cannot
publish or approve. The Peoria editor is the mirror. A clinic's team (group, rights, image
collection) is made with the clinic and kept in step by ``migrate``."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission, Page

from articles.models import ArticlePage, LocalArticleText, SharedArticleOverride
from clinics.models import Clinic, ContactBlock
from network.models import SharedLibraryPage
from network.services import NETWORK_COLLECTION
from tests.factories import ArticlePageFactory, local_text_of

pytestmark = pytest.mark.django_db

Image = get_image_model()


def editor_of(slug: str) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=f"{slug}-editor"))
    return client


@pytest.fixture
def phoenix_editor() -> Client:
    return editor_of("phoenix")


def clinic(slug: str) -> Clinic:
    return Clinic.objects.get(slug=slug)


def png(name: str) -> SimpleUploadedFile:
    from io import BytesIO

    from PIL import Image as PILImage

    buffer = BytesIO()
    PILImage.new("RGB", (40, 30), (120, 140, 160)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def image_in(slug: str, title: str) -> Image:
    return Image.objects.create(title=title, file=png(f"{slug}.png"), collection=clinic(slug).collection)


def refused(response) -> bool:
    """Not found, forbidden, or Wagtail's answer to a permission error: back to the admin home."""
    if response.status_code == 302:
        return response["Location"] == reverse("wagtailadmin_home")
    return response.status_code in {403, 404}


def object_urls(model, obj) -> list[str]:
    """Every admin URL of the model's snippet viewset that names one object (with one of its
    revisions where the URL names one too): whatever views Wagtail adds, each is tried."""
    viewset = model.snippet_viewset
    revision = obj.revisions.order_by("pk").first() if hasattr(obj, "revisions") else None
    urls = []
    for pattern in viewset.get_urlpatterns():
        names = set(pattern.pattern.regex.groupindex)
        if "pk" not in names:
            continue
        kwargs = {"pk": obj.pk}
        if "revision_id" in names:
            if revision is None:
                continue
            kwargs["revision_id"] = revision.pk
        if {"revision_id_a", "revision_id_b"} <= names:
            kwargs.update(revision_id_a="earliest", revision_id_b="latest")
        if "action_name" in names:  # the review workflow's views, of a reviewed model
            kwargs["action_name"] = "approve"
        for name in names & {"task_state_id", "task_id", "workflow_state_id"}:
            kwargs[name] = 1
        urls.append(reverse(f"{viewset.url_namespace}:{pattern.name}", kwargs=kwargs))
    chooser = viewset.chooser_viewset.url_namespace
    urls.append(reverse(f"{chooser}:chosen", args=(obj.pk,)))
    urls.append(reverse(f"{chooser}:chosen_multiple") + f"?id={obj.pk}")
    return urls


def peoria_override() -> SharedArticleOverride:
    article = ArticlePage.objects.child_of(SharedLibraryPage.objects.get(locale__language_code="en")).first()
    return SharedArticleOverride.objects.create(clinic=clinic("peoria"), article=article, hidden=True)


# Contact blocks and overrides


def peoria_local_text() -> LocalArticleText:
    article = ArticlePage.objects.child_of(SharedLibraryPage.objects.get(locale__language_code="en")).first()
    return local_text_of(clinic_slug="peoria", article=article, introduction="<p>Peoria's own words.</p>")


@pytest.mark.parametrize("model", [ContactBlock, SharedArticleOverride, LocalArticleText])
def test_every_url_naming_another_clinics_object_answers_404(phoenix_editor, model):
    theirs = {
        ContactBlock: lambda: ContactBlock.objects.filter(clinic__slug="peoria").first(),
        SharedArticleOverride: peoria_override,
        LocalArticleText: peoria_local_text,
    }[model]()
    urls = object_urls(model, theirs)
    assert len(urls) >= 8
    for url in urls:
        assert phoenix_editor.get(url).status_code == 404, url
        assert phoenix_editor.post(url, {"phone": "555-0100"}).status_code == 404, url
    assert model.objects.filter(pk=theirs.pk).exists()
    if model is ContactBlock:
        theirs.refresh_from_db()
        assert theirs.phone != "555-0100"
    if model is LocalArticleText:
        theirs.refresh_from_db()
        assert theirs.live and theirs.latest_revision_id == theirs.live_revision_id  # no draft added, no review


def test_a_clinic_editor_edits_their_own_contact_block(phoenix_editor):
    ours = ContactBlock.objects.filter(clinic__slug="phoenix").first()
    edit = reverse("wagtailsnippets_clinics_contactblock:edit", args=(ours.pk,))
    assert phoenix_editor.get(edit).status_code == 200
    history = reverse("wagtailsnippets_clinics_contactblock:history", args=(ours.pk,))
    assert phoenix_editor.get(history).status_code == 200


def test_the_contact_block_listing_holds_their_clinics_blocks_only(phoenix_editor):
    listing = phoenix_editor.get(reverse("wagtailsnippets_clinics_contactblock:list"))
    assert listing.status_code == 200
    page = listing.content.decode()
    for block in ContactBlock.objects.all():
        edit = reverse("wagtailsnippets_clinics_contactblock:edit", args=(block.pk,))
        assert (edit in page) == (block.clinic.slug == "phoenix"), block
    assert "Peoria" not in page  # not in the rows, nor in the clinic filter's choices
    searched = phoenix_editor.get(reverse("wagtailsnippets_clinics_contactblock:list_results") + "?q=Peoria")
    assert "Peoria" not in searched.content.decode()


def test_the_contact_block_chooser_lists_their_clinics_blocks_only(phoenix_editor):
    chooser = phoenix_editor.get(reverse("wagtailsnippetchoosers_clinics_contactblock:choose"))
    assert chooser.status_code == 200
    page = chooser.content.decode()
    ids = set(re.findall(r"chosen/(\d+)/", page))
    assert ids == {str(pk) for pk in ContactBlock.objects.filter(clinic__slug="phoenix").values_list("pk", flat=True)}
    create = phoenix_editor.get(reverse("wagtailsnippetchoosers_clinics_contactblock:create"))
    assert create.status_code == 403


def test_a_new_contact_block_offers_their_clinic_only_and_refuses_another(phoenix_editor):
    add = reverse("wagtailsnippets_clinics_contactblock:add")
    form = phoenix_editor.get(add)
    assert form.status_code == 200
    choices = form.context["form"].fields["clinic"].queryset
    assert list(choices) == [clinic("phoenix")]
    before = ContactBlock.objects.count()
    response = phoenix_editor.post(
        add,
        {
            "clinic": clinic("peoria").pk,
            "locale": ContactBlock.objects.first().locale_id,
            "phone": "555-0100",
            "street_address": "1 Main St",
            "address_locality": "Peoria",
            "address_region": "AZ",
            "postal_code": "85345",
            "call_to_action": "Call",
            "opening_hours-count": "0",
        },
    )
    assert response.status_code == 200
    assert "clinic" in response.context["form"].errors
    assert ContactBlock.objects.count() == before


def test_an_override_is_made_for_their_own_clinic_only(phoenix_editor):
    add = reverse("wagtailsnippets_articles_sharedarticleoverride:add")
    article = ArticlePage.objects.child_of(SharedLibraryPage.objects.get(locale__language_code="en")).first()
    data = {"article": article.pk, "hidden": "on", "pin_order": "0"}  # as the form's fields post them
    refused = phoenix_editor.post(add, {**data, "clinic": clinic("peoria").pk})
    assert refused.status_code == 200 and "clinic" in refused.context["form"].errors
    made = phoenix_editor.post(add, {**data, "clinic": clinic("phoenix").pk})
    assert made.status_code == 302
    assert SharedArticleOverride.objects.filter(clinic=clinic("phoenix"), article=article).exists()
    assert not SharedArticleOverride.objects.filter(clinic=clinic("peoria")).exists()


def test_bulk_actions_cannot_reach_another_clinics_objects(phoenix_editor):
    theirs = peoria_override()
    delete = reverse("wagtail_bulk_action", args=("articles", "sharedarticleoverride", "delete"))
    assert phoenix_editor.get(f"{delete}?id={theirs.pk}").status_code == 404
    assert phoenix_editor.post(f"{delete}?id={theirs.pk}").status_code == 404
    assert phoenix_editor.post(f"{delete}?id=all").status_code == 403
    assert SharedArticleOverride.objects.filter(pk=theirs.pk).exists()


# Images


def test_images_their_clinics_and_the_networks_to_choose_never_anothers(phoenix_editor):
    ours, theirs = image_in("phoenix", "Phoenix lobby"), image_in("peoria", "Peoria lobby")
    network = Image.objects.filter(collection__name=NETWORK_COLLECTION).first()
    listing = phoenix_editor.get(reverse("wagtailimages:index")).content.decode()
    assert "Phoenix lobby" in listing and "Peoria lobby" not in listing
    chooser = phoenix_editor.get(reverse("wagtailimages_chooser:choose")).content.decode()
    assert "Phoenix lobby" in chooser and network.title in chooser and "Peoria lobby" not in chooser
    assert phoenix_editor.get(reverse("wagtailimages:edit", args=(ours.pk,))).status_code == 200
    for name in ("edit", "delete", "image_usage", "url_generator"):
        assert refused(phoenix_editor.get(reverse(f"wagtailimages:{name}", args=(theirs.pk,)))), name
        assert refused(phoenix_editor.get(reverse(f"wagtailimages:{name}", args=(network.pk,)))), name
    assert refused(phoenix_editor.post(reverse("wagtailimages:delete", args=(theirs.pk,))))
    assert Image.objects.filter(pk=theirs.pk).exists()


def test_an_uploaded_image_goes_into_their_clinics_collection(phoenix_editor):
    form = phoenix_editor.get(reverse("wagtailimages:add"))
    assert form.status_code == 200
    assert "collection" not in form.context["form"].fields  # one collection to add to: theirs
    response = phoenix_editor.post(reverse("wagtailimages:add"), {"title": "Phoenix garden", "file": png("garden.png")})
    assert response.status_code == 302
    assert Image.objects.get(title="Phoenix garden").collection == clinic("phoenix").collection


# Pages


def a_peoria_article() -> ArticlePage:
    return ArticlePage.objects.descendant_of(clinic("peoria").site.root_page).live().first()


def test_another_clinics_pages_are_refused_by_url(phoenix_editor):
    article = a_peoria_article()
    revision = article.revisions.order_by("pk").first()
    urls = [
        reverse("wagtailadmin_pages:edit", args=(article.pk,)),
        reverse("wagtailadmin_pages:delete", args=(article.pk,)),
        reverse("wagtailadmin_pages:history", args=(article.pk,)),
        reverse("wagtailadmin_pages:usage", args=(article.pk,)),
        reverse("wagtailadmin_pages:preview_on_edit", args=(article.pk,)),
        reverse("wagtailadmin_pages:move", args=(article.pk,)),
        reverse("wagtailadmin_pages:copy", args=(article.pk,)),
        reverse("wagtailadmin_pages:unpublish", args=(article.pk,)),
        reverse("wagtailadmin_pages:revisions_view", args=(article.pk, revision.pk)),
        reverse("wagtailadmin_pages:revisions_compare", args=(article.pk, "earliest", "latest")),
        reverse("wagtailadmin_pages:add_subpage", args=(article.get_parent().pk,)),
        reverse("wagtailadmin_explore", args=(article.get_parent().pk,)),
        reverse("wagtailadmin_choose_page_child", args=(article.get_parent().pk,)),
    ]
    for url in urls:
        answer = phoenix_editor.get(url)
        assert answer.status_code == 404, (url, answer.status_code)
        assert article.title not in answer.content.decode()
    assert phoenix_editor.post(reverse("wagtailadmin_pages:delete", args=(article.pk,))).status_code == 404
    assert ArticlePage.objects.filter(pk=article.pk).exists()


def test_the_page_chooser_and_search_leave_out_another_clinics_pages(phoenix_editor):
    peoria = a_peoria_article()
    phoenix = ArticlePage.objects.descendant_of(clinic("phoenix").site.root_page).live().first()
    shared = ArticlePage.objects.child_of(SharedLibraryPage.objects.get(locale__language_code="en")).first()
    root = Page.get_first_root_node()
    browsed = phoenix_editor.get(reverse("wagtailadmin_choose_page_child", args=(root.pk,)))
    assert browsed.status_code == 200
    assert "Peoria" not in browsed.content.decode()
    for query, found in ((peoria.title, False), (phoenix.title, True), (shared.title, True)):
        chosen = phoenix_editor.get(reverse("wagtailadmin_choose_page_search"), {"q": query}).content.decode()
        assert (f'data-id="{peoria.pk}"' in chosen) is False
        if found:
            assert query in chosen, query
    searched = phoenix_editor.get(reverse("wagtailadmin_pages:search"), {"q": peoria.title}).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=(peoria.pk,)) not in searched


# Roles


def test_a_clinic_editor_cannot_publish_or_approve(phoenix_editor):
    article = ArticlePage.objects.descendant_of(clinic("phoenix").site.root_page).live().first()
    page = article.permissions_for_user(get_user_model().objects.get(username="phoenix-editor"))
    assert page.can_edit() and not page.can_publish()
    live_title = article.title
    data = {"title": "Changed by the clinic", "slug": article.slug, "action-publish": "publish"}
    phoenix_editor.post(reverse("wagtailadmin_pages:edit", args=(article.pk,)), data)
    article.refresh_from_db()
    assert article.title == live_title
    assert refused(phoenix_editor.get(reverse("medical_review_dashboard")))


def test_network_wide_reports_are_not_a_clinic_editors(phoenix_editor):
    for name in ("site_history", "workflow", "workflow_tasks", "aging_pages", "page_types_usage"):
        assert phoenix_editor.get(reverse(f"wagtailadmin_reports:{name}")).status_code == 403, name
    assert phoenix_editor.get(reverse("wagtailadmin_reports:locked_pages")).status_code == 200
    home = phoenix_editor.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("wagtailadmin_reports:site_history") not in home
    assert "Peoria" not in home


def test_the_dashboard_counts_their_clinics_pages(phoenix_editor):
    from clinics.services import clinic_homes

    ours = sum(
        Page.objects.descendant_of(home, inclusive=True).count() for home in clinic_homes(clinic=clinic("phoenix"))
    )
    home = phoenix_editor.get(reverse("wagtailadmin_home")).content.decode()
    assert re.search(rf"\b{ours} Pages\b", home), ours
    assert Page.objects.count() - 1 > ours


def test_the_peoria_editor_is_the_mirror():
    peoria_editor = editor_of("peoria")
    ours = ContactBlock.objects.filter(clinic__slug="phoenix").first()
    assert peoria_editor.get(reverse("wagtailsnippets_clinics_contactblock:edit", args=(ours.pk,))).status_code == 404
    theirs = ContactBlock.objects.filter(clinic__slug="peoria").first()
    assert peoria_editor.get(reverse("wagtailsnippets_clinics_contactblock:edit", args=(theirs.pk,))).status_code == 200


# The team of a clinic


def test_a_new_clinic_gets_its_team_and_migrate_keeps_it_in_step(admin_client):
    from tests.clinics.test_clinic_admin import clinic_form

    response = admin_client.post(reverse("wagtailsnippets_clinics_clinic:add"), clinic_form(slug="mesa"))
    assert response.status_code == 302
    mesa = Clinic.objects.get(slug="mesa")
    assert mesa.editors_group is not None and mesa.collection is not None
    assert mesa.collection.get_parent() == Collection.get_first_root_node()
    rights = {
        (each.collection.name, each.permission.codename)
        for each in GroupCollectionPermission.objects.filter(group=mesa.editors_group)
    }
    assert rights == {
        (mesa.collection.name, "add_image"),
        (mesa.collection.name, "change_image"),
        (mesa.collection.name, "choose_image"),
        (NETWORK_COLLECTION, "choose_image"),
    }
    GroupCollectionPermission.objects.filter(group=mesa.editors_group).delete()
    mesa.editors_group.permissions.clear()
    call_command("migrate", verbosity=0)
    assert GroupCollectionPermission.objects.filter(group=mesa.editors_group).count() == 4
    assert mesa.editors_group.permissions.filter(codename="change_contactblock").exists()
    editor = get_user_model().objects.create_user("mesa-editor", "mesa@example.com", "x")
    editor.groups.add(mesa.editors_group)
    client = Client()
    client.force_login(editor)
    listing = client.get(reverse("wagtailsnippets_clinics_contactblock:list")).content.decode()
    assert all(
        reverse("wagtailsnippets_clinics_contactblock:edit", args=(block.pk,)) not in listing
        for block in ContactBlock.objects.exclude(clinic=mesa)
    )


def test_network_editors_have_the_networks_images_only():
    group = Group.objects.get(name="Network editors")
    collections = set(GroupCollectionPermission.objects.filter(group=group).values_list("collection__name", flat=True))
    assert collections == {NETWORK_COLLECTION}
    assert not Image.objects.filter(collection=Collection.get_first_root_node()).exists()


def test_an_article_of_their_clinic_is_theirs_to_edit(phoenix_editor):
    home = clinic("phoenix").site.root_page
    article = ArticlePageFactory(parent=home, slug="phoenix-own-article", title="Phoenix own article")
    assert phoenix_editor.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))).status_code == 200


def test_their_pages_cannot_be_moved_or_copied_into_another_clinics_tree(phoenix_editor):
    ours = ArticlePageFactory(parent=clinic("phoenix").site.root_page, slug="phoenix-to-move", title="Phoenix to move")
    theirs = clinic("peoria").site.root_page
    confirm = reverse("wagtailadmin_pages:move_confirm", args=(ours.pk, theirs.pk))
    assert phoenix_editor.get(confirm).status_code == 404
    assert phoenix_editor.post(confirm).status_code == 404
    copy = phoenix_editor.post(
        reverse("wagtailadmin_pages:copy", args=(ours.pk,)),
        {"new_title": "Copied", "new_slug": "copied-into-peoria", "new_parent_page": theirs.pk},
    )
    assert copy.status_code in {200, 302}
    assert not Page.objects.filter(slug="copied-into-peoria").exists()
    bulk_move = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "move"))
    moved = phoenix_editor.post(f"{bulk_move}?id={ours.pk}", {"chooser": theirs.pk})
    assert moved.status_code in {200, 302, 403, 404}
    ours.refresh_from_db()
    assert ours.get_parent().pk == clinic("phoenix").site.root_page.pk
    their_article = a_peoria_article()
    assert phoenix_editor.post(f"{bulk_move}?id={their_article.pk}", {"chooser": ours.get_parent().pk}).status_code in {
        302,
        403,
        404,
    }
    their_article.refresh_from_db()
    assert their_article.get_parent().pk == theirs.pk


# The other roles: network editors and medical reviewers


def logged_in_as(username: str) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_a_network_editor_writes_the_library_and_only_reads_nothing_of_the_clinics():
    editor = logged_in_as("editor")
    phoenix_article = ArticlePage.objects.descendant_of(clinic("phoenix").site.root_page).live().first()
    shared = ArticlePage.objects.child_of(SharedLibraryPage.objects.get(locale__language_code="en")).first()
    assert editor.get(reverse("wagtailadmin_pages:edit", args=(shared.pk,))).status_code == 200
    assert refused(editor.get(reverse("wagtailadmin_pages:edit", args=(phoenix_article.pk,))))
    title = phoenix_article.title
    editor.post(reverse("wagtailadmin_pages:edit", args=(phoenix_article.pk,)), {"title": "Network's change"})
    phoenix_article.refresh_from_db()
    assert phoenix_article.title == title
    block = ContactBlock.objects.filter(clinic__slug="phoenix").first()
    for name in ("list", "add"):
        assert refused(editor.get(reverse(f"wagtailsnippets_clinics_contactblock:{name}"))), name
    assert refused(editor.get(reverse("wagtailsnippets_clinics_contactblock:edit", args=(block.pk,))))
    text = LocalArticleText.objects.filter(clinic__slug="phoenix").first()
    assert refused(editor.get(reverse("wagtailsnippets_articles_localarticletext:add")))
    assert refused(editor.get(reverse("wagtailsnippets_articles_localarticletext:edit", args=(text.pk,))))
    assert refused(editor.get(reverse("articles_overrides_out_of_date")))


def test_a_medical_reviewer_reads_and_decides_but_edits_nothing():
    reviewer = logged_in_as("reviewer")
    shared = ArticlePage.objects.child_of(SharedLibraryPage.objects.get(locale__language_code="en")).first()
    assert reviewer.get(reverse("medical_review_dashboard")).status_code == 200
    assert reviewer.get(reverse("wagtailadmin_pages:history", args=(shared.pk,))).status_code == 200
    assert refused(reviewer.get(reverse("wagtailadmin_pages:edit", args=(shared.pk,))))
    title = shared.title
    reviewer.post(reverse("wagtailadmin_pages:edit", args=(shared.pk,)), {"title": "Reviewer's change"})
    shared.refresh_from_db()
    assert shared.title == title and shared.get_latest_revision_as_object().title == title
    text = LocalArticleText.objects.filter(clinic__slug="phoenix").first()
    history = reverse("wagtailsnippets_articles_localarticletext:history", args=(text.pk,))
    assert reviewer.get(history).status_code == 200  # the reviewer reads what they approve
    for url in (
        reverse("wagtailsnippets_articles_localarticletext:add"),
        reverse("wagtailsnippets_articles_localarticletext:edit", args=(text.pk,)),
        reverse("wagtailsnippets_clinics_contactblock:add"),
        reverse("wagtailsnippets_articles_sharedarticleoverride:add"),
    ):
        assert refused(reviewer.get(url)), url


def test_a_clinic_editor_deletes_a_draft_article_but_not_a_live_one(phoenix_editor):
    home = clinic("phoenix").site.root_page
    draft = ArticlePageFactory(parent=home, title="A draft to delete", slug="a-draft-to-delete")
    live = ArticlePage.objects.child_of(home).live().first()
    assert phoenix_editor.get(reverse("wagtailadmin_pages:delete", args=(draft.pk,))).status_code == 200
    assert refused(phoenix_editor.get(reverse("wagtailadmin_pages:delete", args=(live.pk,))))
    phoenix_editor.post(reverse("wagtailadmin_pages:delete", args=(live.pk,)))
    assert ArticlePage.objects.filter(pk=live.pk).exists()
    assert phoenix_editor.post(reverse("wagtailadmin_pages:delete", args=(draft.pk,))).status_code == 302
    assert not ArticlePage.objects.filter(pk=draft.pk).exists()
