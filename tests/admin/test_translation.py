"""Translating in the admin, through the real views: clinic editors translate their clinic's
articles (and only theirs), network editors the shared library's; a translation is a draft with its
categories and disclaimer in the target locale; what still reads like the source is flagged on the
edit view and beside the source; bad choices of locale and clashing snippets are messages."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import resolve, reverse
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from articles.models import ArticleCategory, ArticlePage
from clinics.models import Clinic, ContactBlock
from clinics.services import ensure_clinic_tree
from network.models import Disclaimer, SharedLibraryPage
from network.translation import KIND_ALT_TEXT, KIND_REFERENCE, KIND_TEXT, untranslated_parts
from network.translation_views import TranslatePageView, TranslateSnippetView
from tests.admin_forms import article_form_data
from tests.factories import ArticlePageFactory, approve_and_publish

pytestmark = pytest.mark.django_db

IMAGE_ALT = "A calm, softly lit treatment room with a reclining chair."


def english():
    return Locale.objects.get(language_code="en")


def spanish():
    return Locale.objects.get(language_code="es")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def translate_page_url(page) -> str:
    return reverse("simple_translation:submit_page_translation", args=[page.pk])


def translate_snippet_url(obj) -> str:
    meta = obj._meta
    return reverse("simple_translation:submit_snippet_translation", args=[meta.app_label, meta.model_name, obj.pk])


def messages_of(response) -> list[str]:
    return [html.unescape(str(message)).strip() for message in get_messages(response.wsgi_request)]


def assert_refused(response) -> None:
    """Wagtail's admin answers a PermissionDenied with a redirect to the dashboard and a message."""
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home"), response
    assert any("permission" in message for message in messages_of(response))


def clinic_editor_for(slug: str):
    """A new member of a clinic's editors' group (the clinic's team, as an administrator adds one)."""
    clinic = Clinic.objects.get(slug=slug)
    user = get_user_model().objects.create_user(f"{slug}-translator", f"{slug}-translator@example.com", "x")
    user.groups.add(clinic.editors_group)
    return user


@pytest.fixture
def network_editor():
    return get_user_model().objects.get(username="editor")


@pytest.fixture
def reviewer():
    return get_user_model().objects.get(username="reviewer")


@pytest.fixture
def superuser():
    return get_user_model().objects.get(username="admin")


def english_only_category() -> ArticleCategory:
    return ArticleCategory.objects.create(name="Only in English", slug="only-in-english", locale=english())


def approved_article(parent, *, slug: str, extra_category: ArticleCategory | None = None) -> ArticlePage:
    """An approved English article with a heading, paragraphs, an image with alt text and an FAQ,
    in the categories Safety (translated) and, optionally, an English-only one, with the network
    disclaimer (translated)."""
    image = get_image_model().objects.get(title="Infusion suite (demo illustration)")
    article = ArticlePageFactory(
        parent=parent,
        slug=slug,
        title="Staying safe during an infusion",
        summary="How the clinic monitors you during every infusion.",
        body=[
            {"type": "heading", "value": {"text": "Monitoring", "level": "h2"}},
            {"type": "paragraph", "value": "<p>A nurse checks your blood pressure every fifteen minutes.</p>"},
            {"type": "image", "value": {"image": image.pk, "alt_text": IMAGE_ALT, "caption": ""}},
            {
                "type": "faq",
                "value": [{"question": "Will I be alone?", "answer": "<p>No, a nurse stays nearby.</p>"}],
            },
            {"type": "contact", "value": {"heading": ""}},
        ],
        disclaimer=Disclaimer.objects.get(locale=english(), live=True),
    )
    categories = [ArticleCategory.objects.get(slug="safety", locale=english())]
    if extra_category is not None:
        categories.append(extra_category)
    article.categories.set(categories)
    article.save()
    return approve_and_publish(article)


def phoenix_home():
    return Clinic.objects.get(slug="phoenix").site.root_page


def library():
    return SharedLibraryPage.objects.get(locale=english())


# --- Translate answers at simple_translation's own URLs ---------------------------------------


def test_translate_urls_are_answered_by_our_views():
    """We mount our views at simple_translation's paths, before its hook (a Wagtail upgrade that
    moves its paths breaks this)."""
    page_url = reverse("simple_translation:submit_page_translation", args=[1])
    snippet_url = reverse("simple_translation:submit_snippet_translation", args=["network", "disclaimer", 1])
    assert page_url == "/admin/translation/submit/page/1/"
    assert resolve(page_url).func.view_class is TranslatePageView
    assert resolve(snippet_url).func.view_class is TranslateSnippetView


# --- Who may translate --------------------------------------------------------------------------


def test_a_clinic_editor_translates_an_article_of_their_clinic_into_a_draft(network_api):
    extra = english_only_category()
    article = approved_article(phoenix_home(), slug="staying-safe-phoenix", extra_category=extra)
    editor = clinic_editor_for("phoenix")
    client = logged_in(editor)

    form = client.get(translate_page_url(article))
    assert form.status_code == 200
    assert "Español" in form.content.decode() or "Spanish" in form.content.decode()

    response = client.post(translate_page_url(article), {"locales": [spanish().pk]})
    assert response.status_code == 302, response.content[:2000]
    translation = ArticlePage.objects.get(translation_key=article.translation_key, locale=spanish())
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[translation.pk])
    assert translation.get_parent().pk == phoenix_home().get_translation(spanish()).pk

    # A draft of its own: not live, nothing published, no approval carried over from the source.
    assert not translation.live and translation.has_unpublished_changes
    assert translation.live_revision_id is None and translation.first_published_at is None
    assert translation.live_review_id is None
    assert translation.revisions.count() == 1
    # Category and disclaimer mapped to Spanish; the English-only category is left unset and said.
    assert {c.locale_id for c in translation.categories.all()} == {spanish().pk}
    assert [c.slug for c in translation.categories.all()] == ["safety"]
    assert translation.disclaimer.locale_id == spanish().pk
    assert translation.disclaimer.translation_key == article.disclaimer.translation_key
    latest = translation.get_latest_revision_as_object()
    assert [c.pk for c in latest.categories.all()] == [c.pk for c in translation.categories.all()]
    assert latest.disclaimer_id == translation.disclaimer_id
    assert any("no Español translation of 'Only in English'; left unset" in m for m in messages_of(response)), (
        messages_of(response)
    )

    # The admin shows it as a draft, and no clinic website gets it.
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[translation.pk]))
    assert edit.status_code == 200
    listing = client.get(reverse("wagtailadmin_explore", args=[translation.get_parent().pk])).content.decode()
    assert re.search(rf'data-page-status="draft"\s+data-object-id="{translation.pk}"', listing)
    served = network_api.get("/api/v1/clinics/phoenix/articles/?locale=es&fallback=false&page_size=100").json()
    assert translation.pk not in {item["id"] for item in served["results"]}
    assert network_api.get(f"/api/v1/clinics/phoenix/articles/{translation.slug}/?locale=es").json()["locale"] == "en"


def test_a_clinic_editor_cannot_translate_another_clinics_article():
    article = approved_article(Clinic.objects.get(slug="fayetteville").site.root_page, slug="staying-safe-nc")
    client = logged_in(clinic_editor_for("phoenix"))
    assert client.get(translate_page_url(article)).status_code == 404  # another clinic's page: not there
    assert client.post(translate_page_url(article), {"locales": [spanish().pk]}).status_code == 404
    assert not ArticlePage.objects.filter(translation_key=article.translation_key, locale=spanish()).exists()


def test_a_network_editor_translates_a_shared_library_article(network_editor):
    article = approved_article(library(), slug="staying-safe-shared")
    client = logged_in(network_editor)
    response = client.post(translate_page_url(article), {"locales": [spanish().pk]})
    assert response.status_code == 302, response.content[:2000]
    translation = ArticlePage.objects.get(translation_key=article.translation_key, locale=spanish())
    assert translation.get_parent().pk == library().get_translation(spanish()).pk
    assert not translation.live and translation.live_review_id is None
    assert translation.disclaimer.locale_id == spanish().pk


def test_a_network_editor_cannot_translate_a_clinic_article(network_editor):
    article = approved_article(phoenix_home(), slug="staying-safe-phoenix-2")
    assert_refused(logged_in(network_editor).post(translate_page_url(article), {"locales": [spanish().pk]}))
    assert not ArticlePage.objects.filter(translation_key=article.translation_key, locale=spanish()).exists()


# --- What the editor and the reviewer see -------------------------------------------------------


def translated_copy(article, user) -> ArticlePage:
    response = logged_in(user).post(translate_page_url(article), {"locales": [spanish().pk]})
    assert response.status_code == 302, response.content[:2000]
    return ArticlePage.objects.get(translation_key=article.translation_key, locale=spanish())


def test_untranslated_blocks_and_alt_text_are_flagged_on_the_edit_view(network_editor, reviewer):
    translation = translated_copy(approved_article(library(), slug="staying-safe-flags"), network_editor)
    parts = untranslated_parts(content=translation.get_latest_revision_as_object())
    flagged = {(part.kind, part.where) for part in parts}
    assert (KIND_TEXT, "Title") in flagged
    assert (KIND_TEXT, "Summary") in flagged
    assert (KIND_TEXT, "Body, block 1 (Heading): Text") in flagged
    assert (KIND_TEXT, "Body, block 2 (Paragraph)") in flagged
    assert (KIND_ALT_TEXT, "Body, block 3 (Image): alt text") in flagged
    assert (KIND_TEXT, "Body, block 4 (FAQ): Question 1, Answer 1") in flagged
    assert not any(part.where.startswith("Body, block 5") for part in parts)  # an empty contact heading

    edit_url = reverse("wagtailadmin_pages:edit", args=[translation.pk])
    html = logged_in(network_editor).get(edit_url).content.decode()
    assert "data-untranslated-parts" in html
    assert "Body, block 3 (Image): alt text" in html and "Body, block 2 (Paragraph)" in html

    # The editor translates the summary, the paragraph and the FAQ and empties the alt text.
    draft = translation.get_latest_revision_as_object()
    draft.summary = "Cómo la clínica le vigila durante cada infusión."
    body = draft.body.raw_data
    body[1]["value"] = "<p>Una enfermera mide su presión arterial cada quince minutos.</p>"
    body[2]["value"]["alt_text"] = ""
    body[3]["value"] = [{"question": "¿Estaré solo?", "answer": "<p>No, una enfermera se queda cerca.</p>"}]
    draft.body = body
    draft.save_revision(user=network_editor)
    parts = untranslated_parts(content=ArticlePage.objects.get(pk=translation.pk).get_latest_revision_as_object())
    flagged = {(part.kind, part.where): part.problem for part in parts}
    assert (KIND_TEXT, "Summary") not in flagged
    assert (KIND_TEXT, "Body, block 2 (Paragraph)") not in flagged
    assert not any(where.startswith("Body, block 4") for _, where in flagged)
    assert flagged[(KIND_ALT_TEXT, "Body, block 3 (Image): alt text")] == "empty"
    assert (KIND_TEXT, "Title") in flagged

    # A medical reviewer sees the same list beside the source.
    html = logged_in(reviewer).get(reverse("translation_compare_page", args=[translation.pk])).content.decode()
    listed = html[html.index("untranslated-parts__list") :]
    listed = listed[: listed.index("</ul>")]
    assert "Body, block 3 (Image): alt text</strong>: empty" in listed and "Body, block 2 (Paragraph)" not in listed


def test_submitting_a_translation_with_untranslated_parts_warns(network_editor):
    translation = translated_copy(approved_article(library(), slug="staying-safe-submit"), network_editor)
    data = article_form_data(
        title="Mantenerse seguro durante una infusión",
        slug=translation.slug,
        summary="How the clinic monitors you during every infusion.",
        categories=[c.pk for c in translation.categories.all()],
        disclaimer=translation.disclaimer_id,
    )
    response = logged_in(network_editor).post(
        reverse("wagtailadmin_pages:edit", args=[translation.pk]), {**data, "action-submit": "Submit"}
    )
    assert response.status_code == 302, response.content[:3000]
    warnings = [m for m in messages_of(response) if m.startswith("Submitted with")]
    assert len(warnings) == 1 and "Summary: same as the English text" in warnings[0]
    assert "Title" not in warnings[0]
    translation.refresh_from_db()
    assert not translation.live  # submitted for review, not published


def test_a_category_without_a_counterpart_is_flagged_for_the_reviewer(network_editor):
    extra = english_only_category()
    translation = translated_copy(
        approved_article(library(), slug="staying-safe-cat", extra_category=extra), network_editor
    )
    parts = [p for p in untranslated_parts(content=translation) if p.kind == KIND_REFERENCE]
    assert [(p.where, p.problem) for p in parts] == [
        ("Categories", "no Español translation of 'Only in English'; left unset")
    ]
    # Its translation made later is offered, not chosen.
    ArticleCategory.objects.create(
        name="Solo en inglés", slug="solo-en-ingles", locale=spanish(), translation_key=extra.translation_key
    )
    parts = [p for p in untranslated_parts(content=translation) if p.kind == KIND_REFERENCE]
    assert "its Español translation 'Solo en inglés' is not chosen" in parts[0].problem


def test_the_source_is_shown_side_by_side(network_editor, reviewer):
    article = approved_article(library(), slug="staying-safe-side")
    translation = translated_copy(article, network_editor)
    draft = translation.get_latest_revision_as_object()
    draft.summary = "Cómo la clínica le vigila durante cada infusión."
    draft.save_revision(user=network_editor)

    edit = logged_in(network_editor).get(reverse("wagtailadmin_pages:edit", args=[translation.pk])).content.decode()
    assert "data-translation-source-text" in edit  # the source's text beside the fields, in the edit view
    assert "How the clinic monitors you during every infusion." in edit

    compare_url = reverse("translation_compare_page", args=[translation.pk])
    assert compare_url in edit
    for user in (network_editor, reviewer):
        response = logged_in(user).get(compare_url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "English (approved)" in html
        row = html[html.index('<th scope="row" style="font-weight: 600; width: 22%;">Summary</th>') :][:800]
        assert "How the clinic monitors you during every infusion." in row
        assert "Cómo la clínica le vigila durante cada infusión." in row
        assert "A nurse checks your blood pressure every fifteen minutes." in html
    # Someone who may not edit the article and is no reviewer does not see it.
    assert_refused(logged_in(clinic_editor_for("phoenix")).get(compare_url))
    # An English article is nobody's translation.
    assert logged_in(network_editor).get(reverse("translation_compare_page", args=[article.pk])).status_code == 404


# --- Bad input ----------------------------------------------------------------------------------


def test_translating_into_a_locale_that_is_not_a_content_language_is_a_message(superuser):
    french = Locale.objects.create(language_code="fr")
    article = approved_article(library(), slug="staying-safe-fr")
    response = logged_in(superuser).post(translate_page_url(article), {"locales": [french.pk]})
    assert response.status_code == 200
    assert "not one of the network&#x27;s content languages" in response.content.decode()
    assert not ArticlePage.objects.filter(translation_key=article.translation_key).exclude(pk=article.pk).exists()


def test_translating_into_a_language_the_clinic_does_not_serve_is_a_message(superuser):
    article = approved_article(Clinic.objects.get(slug="peoria").site.root_page, slug="staying-safe-peoria")
    response = logged_in(superuser).post(translate_page_url(article), {"locales": [spanish().pk]})
    assert response.status_code == 200
    assert "has no Español version to put the translation under" in response.content.decode()
    assert not ArticlePage.objects.filter(translation_key=article.translation_key, locale=spanish()).exists()


def test_a_clinic_home_is_not_translated_by_hand(superuser):
    """A clinic's tree exists in the languages the clinic serves (made when it gains one)."""
    home = Clinic.objects.get(slug="peoria").site.root_page
    response = logged_in(superuser).post(translate_page_url(home), {"locales": [spanish().pk]})
    assert response.status_code == 200
    assert "is the top of a tree" in html.unescape(response.content.decode())
    assert not home.has_translation(spanish())


def test_translating_twice_into_the_same_locale_is_a_message(network_editor):
    article = approved_article(library(), slug="staying-safe-twice")
    client = logged_in(network_editor)
    assert client.post(translate_page_url(article), {"locales": [spanish().pk]}).status_code == 302
    again = client.post(translate_page_url(article), {"locales": [spanish().pk]})
    assert again.status_code == 200
    assert "already has a Español translation: edit that one instead" in again.content.decode()
    translation = ArticlePage.objects.get(translation_key=article.translation_key, locale=spanish())
    offered = client.get(translate_page_url(article)).content.decode()
    edit_url = reverse("wagtailadmin_pages:edit", args=[translation.pk])
    assert re.search(
        rf'data-existing-translations>Already translated into:\s*<a href="{edit_url}">Español</a>', offered
    )
    assert ArticlePage.objects.filter(translation_key=article.translation_key, locale=spanish()).count() == 1


def test_an_unknown_locale_or_none_is_a_message(network_editor):
    article = approved_article(library(), slug="staying-safe-unknown")
    client = logged_in(network_editor)
    for data, message in (
        ({"locales": [987654]}, "There is no such locale."),
        ({"locales": ["es"]}, "“es” is not a valid value."),
        ({}, "This field is required."),
    ):
        response = client.post(translate_page_url(article), data)
        assert response.status_code == 200, data
        assert message in html.unescape(response.content.decode()), data
    assert Page.objects.filter(translation_key=article.translation_key).count() == 1


def test_a_disclaimer_translated_twice_into_the_same_locale_is_a_message(superuser):
    disclaimer = Disclaimer.objects.get(locale=english(), live=True)
    response = logged_in(superuser).post(translate_snippet_url(disclaimer), {"locales": [spanish().pk]})
    assert response.status_code == 200
    assert "already has a Español translation" in response.content.decode()
    assert Disclaimer.objects.filter(translation_key=disclaimer.translation_key, locale=spanish()).count() == 1


def test_a_contact_block_translated_where_the_clinic_has_one_is_a_message_not_a_500(superuser):
    """Regression: Wagtail's Translate saved the copy without validating it, and the one-block-per-
    clinic-and-locale constraint answered a 500."""
    fayetteville = Clinic.objects.get(slug="fayetteville")
    fayetteville.locales.add(spanish())
    ensure_clinic_tree(clinic=fayetteville)
    english_block = ContactBlock.objects.get(clinic=fayetteville, locale=english())
    fields = {
        name: getattr(english_block, name)
        for name in ("phone", "street_address", "address_locality", "address_region", "postal_code")
    }
    ContactBlock.objects.create(clinic=fayetteville, locale=spanish(), call_to_action="Reserve una cita", **fields)

    response = logged_in(superuser).post(translate_snippet_url(english_block), {"locales": [spanish().pk]})
    assert response.status_code == 200
    assert "already has a contact block in Español" in response.content.decode()
    assert ContactBlock.objects.filter(clinic=fayetteville, locale=spanish()).count() == 1


def test_a_contact_block_translated_into_a_language_the_clinic_does_not_serve_is_a_message(superuser):
    block = ContactBlock.objects.get(clinic__slug="peoria", locale=english())
    response = logged_in(superuser).post(translate_snippet_url(block), {"locales": [spanish().pk]})
    assert response.status_code == 200
    assert "does not serve Español" in response.content.decode()
    assert not ContactBlock.objects.filter(clinic__slug="peoria", locale=spanish()).exists()


def test_a_category_translated_onto_a_taken_slug_is_a_message_not_a_500(superuser):
    category = ArticleCategory.objects.create(name="Aftercare", slug="aftercare", locale=english())
    ArticleCategory.objects.create(name="Cuidados posteriores", slug="aftercare", locale=spanish())
    response = logged_in(superuser).post(translate_snippet_url(category), {"locales": [spanish().pk]})
    assert response.status_code == 200
    assert "already uses this slug" in response.content.decode()
    assert not ArticleCategory.objects.filter(translation_key=category.translation_key, locale=spanish()).exists()


def test_network_editors_and_tree_editor_groups_may_submit_translations(network_editor):
    """Today only superusers could: simple_translation's permission was in no editors group."""
    assert network_editor.has_perm("simple_translation.submit_translation")


def test_the_approve_confirmation_lists_what_still_reads_like_the_source(network_editor, reviewer):
    from network.review import submit_for_review

    translation = translated_copy(approved_article(library(), slug="staying-safe-approve"), network_editor)
    workflow_state = submit_for_review(content=translation, user=network_editor)
    task_state = workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(translation.pk, "approve", task_state.pk))
    modal = logged_in(reviewer).get(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest").json()["html"]
    assert "may not be translated yet" in modal
    assert "Body, block 1 (Heading)" in html.unescape(modal)


def test_a_clinic_created_in_the_admin_gets_editors_who_may_translate():
    """The editors' group a new clinic gets (clinics.services.ensure_clinic_editors_group) can
    translate the clinic's articles, as the migration lets existing tree-editor groups."""
    from clinics.services import ensure_clinic_editors_group

    clinic = Clinic.objects.get(slug="phoenix")
    group = ensure_clinic_editors_group(clinic=clinic)
    user = get_user_model().objects.create_user("phoenix-new-editor", "new-editor@example.com", "x")
    user.groups.add(group)
    article = approved_article(phoenix_home(), slug="staying-safe-new-group")
    response = logged_in(user).post(translate_page_url(article), {"locales": [spanish().pk]})
    assert response.status_code == 302, response.content[:2000]
    assert ArticlePage.objects.filter(translation_key=article.translation_key, locale=spanish()).exists()
