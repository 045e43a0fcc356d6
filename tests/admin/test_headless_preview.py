"""Preview in the clinic's own website, through the admin: the Preview button and the live
preview panel freeze what the editor sees and hand the clinic's preview website a token for it;
a reviewer previews the revision under review from the approval step, and the approval records
what they previewed. Who may preview as which clinic, and the preview clients' settings."""

import html
import re
from urllib.parse import unquote

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.test import APIClient
from wagtail.log_actions import registry as log_registry

from api.models import FrontEndClient, FrontEndKey
from articles.models import ArticlePage, LocalArticleText
from clinics.models import Clinic, ContactBlock
from network.models import MedicalReview, SharedLibraryPage
from network.review import submit_for_review
from tests.admin_forms import article_form_data
from tests.factories import approval_data
from tests.network.conftest import logged_in

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
ARTICLE = "what-is-ketamine-infusion-therapy"


def user(name: str):
    return get_user_model().objects.get(username=name)


def shared(slug: str = ARTICLE) -> ArticlePage:
    library = SharedLibraryPage.objects.get(locale__language_code="en")
    return ArticlePage.objects.child_of(library).get(slug=slug)


def preview_client(clinic_slug: str) -> APIClient:
    client = FrontEndClient.objects.create(
        name=f"{clinic_slug} preview",
        clinic=Clinic.objects.get(slug=clinic_slug),
        kind=FrontEndClient.KIND_PREVIEW,
        preview_url_template=f"https://{clinic_slug}.example.com/preview?token={{token}}&slug={{slug}}",
    )
    _, key = FrontEndKey.objects.create_key(name="preview key", client=client)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return api


def framed_url(response) -> str:
    assert response.status_code == 200, response.content[:300]
    found = re.search(r'<iframe src="([^"]+)"', response.content.decode())
    assert found, response.content.decode()
    return html.unescape(found.group(1))


def token_in(url: str) -> str:
    return unquote(re.search(r"token=([^&]+)", url).group(1))


def preview_on_edit(client, article, *, title: str, mode: str | None = None):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(article.pk,))
    assert client.post(url, article_form_data(title=title, slug=article.slug, summary=article.summary)).json()[
        "is_valid"
    ]
    query = {"in_preview_panel": "true"}
    if mode is not None:
        query["mode"] = mode
    return client.get(url, query)


def test_the_preview_panel_frames_the_clinic_website_with_the_unsaved_edit_frozen():
    api = preview_client("peoria")
    preview_client("phoenix")
    client = logged_in(user("editor"))
    article = shared()

    first = framed_url(preview_on_edit(client, article, title="Typed a moment ago", mode="clinic-peoria"))
    assert first.startswith("https://peoria.example.com/preview?token=")
    assert f"slug={ARTICLE}" in first
    preview_on_edit(client, article, title="Typed again since", mode="clinic-peoria")

    answer = api.get(f"/api/v1/preview/clinics/peoria/articles/{ARTICLE}/", {"token": token_in(first)})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["title"] == "Typed a moment ago"
    assert body["preview"]["unsaved"] is True
    assert body["preview"]["workflow_state"] == "draft"
    assert body["preview"]["revision"] == article.latest_revision_id
    assert body["contact"]["clinic"] == "peoria"
    assert ArticlePage.objects.get(pk=article.pk).title != "Typed a moment ago"  # nothing was saved


def test_the_panel_shows_the_token_and_expiry_and_the_plain_preview_is_still_there():
    preview_client("phoenix")
    client = logged_in(user("editor"))
    response = preview_on_edit(client, shared(), title="Banner check", mode="clinic-phoenix")
    page = response.content.decode()
    assert "<strong>Preview</strong> as <strong>Ahwatukee Ketamine Clinic</strong>" in page
    assert "The link works until" in page
    assert "Open in Ahwatukee Ketamine Clinic's website" in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"

    plain = preview_on_edit(client, shared(), title="Plain check", mode="plain")
    assert "<h1>Plain check</h1>" in plain.content.decode()


def test_a_clinic_without_a_preview_client_is_said_so_with_the_way_out():
    client = logged_in(user("editor"))
    page = preview_on_edit(client, shared(), title="No client", mode="clinic-fayetteville").content.decode()
    assert "Iconic Infusions, PLLC has no preview client yet" in page
    assert "Settings → Front-end clients" in page
    assert "<iframe" not in page


def test_the_panel_offers_each_clinic_that_shows_a_shared_article_and_a_clinic_editor_only_theirs():
    edit = reverse("wagtailadmin_pages:edit", args=(shared().pk,))
    page = logged_in(user("editor")).get(edit).content.decode()
    for clinic in Clinic.objects.all():
        assert f'value="clinic-{clinic.slug}"' in page
    assert 'value="plain"' in page

    text = LocalArticleText.objects.filter(clinic__slug="phoenix").first()
    edit_text = reverse(LocalArticleText.snippet_viewset.get_url_name("edit"), args=(text.pk,))
    page = logged_in(user("phoenix-editor")).get(edit_text).content.decode()
    assert 'id="id_preview_mode"' not in page  # one clinic only: nothing to choose
    assert "peoria" not in page.lower().split("w-preview")[-1][:2000]


def test_a_clinic_editor_cannot_preview_as_another_clinic():
    preview_client("peoria")
    block = ContactBlock.objects.get(clinic__slug="phoenix", locale__language_code="en")
    client = logged_in(user("phoenix-editor"))
    viewset = ContactBlock.snippet_viewset
    url = reverse(viewset.get_url_name("preview_on_edit"), args=(block.pk,))
    form = {
        "clinic": block.clinic_id,
        "phone": block.phone,
        "email": block.email,
        "street_address": block.street_address,
        "address_locality": block.address_locality,
        "address_region": block.address_region,
        "postal_code": block.postal_code,
        "booking_url": block.booking_url,
        "call_to_action": "Call us (unsaved)",
        "opening_hours-count": "0",
    }
    assert client.post(url, form).json()["is_valid"]
    page = client.get(url, {"mode": "clinic-peoria"}).content.decode()
    assert "peoria.example.com" not in page
    assert "No clinic you work for shows this content" in page
    preview_client("phoenix")
    own = framed_url(client.get(url))  # the default: their own clinic
    assert own.startswith("https://phoenix.example.com/preview?token=")

    revision = block.save_revision(user=user("phoenix-editor"))
    denied = client.get(reverse("preview_revision_in_clinic", args=(revision.pk, "peoria")))
    assert denied.status_code == 404  # Peoria does not show Phoenix's contact block
    other = ContactBlock.objects.get(clinic__slug="peoria")
    other_revision = other.save_revision(user=user("admin"))
    refused = client.get(reverse("preview_revision_in_clinic", args=(other_revision.pk, "peoria")))
    assert refused.status_code in (302, 403, 404) and b"token=" not in refused.content


def test_a_reviewer_previews_from_the_approval_step_and_the_approval_records_it():
    api = preview_client("phoenix")
    article = shared()
    article.title = "Retitled for review"
    article.save_revision(user=user("editor"))
    submit_for_review(content=article, user=user("editor"))
    article.refresh_from_db()
    task_state = article.current_workflow_task_state
    reviewer = logged_in(user("reviewer"))
    modal_url = reverse("wagtailadmin_pages:workflow_action", args=(article.pk, "approve", task_state.pk))

    modal = reviewer.get(modal_url, **XHR).json()["html"]
    link = reverse("preview_revision_in_clinic", args=(task_state.revision_id, "phoenix"))
    assert link in modal
    assert "You have not previewed it in a clinic's website" in modal

    framed = framed_url(reviewer.get(link))
    answer = api.get(f"/api/v1/preview/clinics/phoenix/articles/{ARTICLE}/", {"token": token_in(framed)}).json()
    assert answer["title"] == "Retitled for review"
    assert answer["preview"]["workflow_state"] == "in_review"
    assert answer["preview"]["revision"] == task_state.revision_id
    history = [entry.action for entry in log_registry.get_logs_for_instance(article)]
    assert "network.preview" in history

    modal = reviewer.get(modal_url, **XHR).json()["html"]
    assert "You previewed this revision as Ahwatukee Ketamine Clinic (en)" in modal
    assert reviewer.post(modal_url, approval_data(task_state, "Read it in Phoenix's website.")).status_code == 302
    review = MedicalReview.objects.get(task_state=task_state)
    assert review.previewed_revision_id == task_state.revision_id
    assert review.previewed_as == "Ahwatukee Ketamine Clinic (en)"


def test_an_approval_without_a_preview_records_none():
    article = shared()
    article.save_revision(user=user("editor"))
    submit_for_review(content=article, user=user("editor"))
    article.refresh_from_db()
    task_state = article.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(article.pk, "approve", task_state.pk))
    assert logged_in(user("reviewer")).post(url, approval_data(task_state)).status_code == 302
    review = MedicalReview.objects.get(task_state=task_state)
    assert review.previewed_revision_id is None and review.previewed_as == ""


def test_someone_who_may_not_see_the_content_cannot_get_a_token():
    article = shared()
    revision = article.save_revision(user=user("editor"))
    url = reverse("preview_revision_in_clinic", args=(revision.pk, "phoenix"))
    refused = logged_in(user("phoenix-editor")).get(url)  # edits no shared article, reviews nothing
    assert (refused.status_code, refused.get("Location")) in ((403, None), (302, "/admin/"))
    assert b"token=" not in refused.content
    assert (
        logged_in(user("reviewer")).get(reverse("preview_revision_in_clinic", args=(999999, "phoenix"))).status_code
        == 404
    )
    assert (
        logged_in(user("reviewer"))
        .get(reverse("preview_revision_in_clinic", args=(revision.pk, "nowhere")))
        .status_code
        == 404
    )


# Preview clients


def client_form(**fields) -> dict:
    return {
        "name": "Phoenix preview",
        "clinic": Clinic.objects.get(slug="phoenix").pk,
        "kind": "preview",
        "preview_url_template": "https://phoenix.example.com/api/preview?token={token}",
        "allowed_origins": "",
        "rate_limit_per_minute": "",
        "is_active": "on",
        **fields,
    }


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"clinic": ""}, "A preview client belongs to one clinic"),
        ({"preview_url_template": ""}, "Give the address where the clinic&#x27;s website shows a draft"),
        ({"preview_url_template": "https://phoenix.example.com/preview"}, "Put {token} where"),
        ({"preview_url_template": "https://phoenix.example.com/?t={token}&x={secret}"}, "Use only these placeholders"),
        ({"preview_url_template": "javascript:alert(1)//{token}"}, "full address"),
        ({"preview_url_template": "https://x.example.com/{token}{"}, "Use only these placeholders"),
        ({"kind": "delivery"}, "Only a preview client has a preview URL"),
    ],
)
def test_a_preview_client_needs_a_clinic_and_a_usable_preview_url(admin_client, fields, message):
    response = admin_client.post(reverse("frontend_clients:add"), client_form(**fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FrontEndClient.objects.filter(name="Phoenix preview").exists()


def test_a_preview_client_is_saved_with_its_url(admin_client):
    response = admin_client.post(reverse("frontend_clients:add"), client_form())
    assert response.status_code == 302
    client = FrontEndClient.objects.get(name="Phoenix preview")
    assert client.reads_drafts
    assert client.preview_url(token="a:b", kind="article", clinic="phoenix", slug="x y", locale="es", object_id=1) == (
        "https://phoenix.example.com/api/preview?token=a%3Ab"
    )


# The demo clinics' preview websites (make run): a front-end's preview mode, over the public API


def test_the_demo_preview_website_renders_the_draft_the_admin_sends_it_to():
    from api.management.commands.demo_preview_site import demo_sites, preview_page

    sites = demo_sites(base_url="http://127.0.0.1:3000")
    article = shared()
    article.title = "Draft <b>title</b> & more"
    revision = article.save_revision(user=user("editor"))
    url = framed_url(
        logged_in(user("reviewer")).get(reverse("preview_revision_in_clinic", args=(revision.pk, "phoenix")))
    )
    assert url.startswith("http://127.0.0.1:3000/phoenix/preview?token=")

    def fetch(path: str, key: str):
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
        response = api.get(path)
        return response.status_code, response.json()

    status, page = preview_page(path=url.removeprefix("http://127.0.0.1:3000"), sites=sites, fetch=fetch)
    assert status == 200
    assert "<strong>Preview</strong> · draft · revision" in page
    assert "<h1>Draft &lt;b&gt;title&lt;/b&gt; &amp; more</h1>" in page
    assert "Not yet medically reviewed" in page
    assert "Ahwatukee Ketamine Clinic" in page

    status, page = preview_page(
        path=url.replace("token=", "token=x").removeprefix("http://127.0.0.1:3000"), sites=sites, fetch=fetch
    )
    assert status == 401 and "not valid" in page
    assert preview_page(path="/nowhere/preview?token=x", sites=sites, fetch=fetch)[0] == 404


def test_view_draft_shows_the_article_in_the_editors_own_clinic_website_by_default():
    preview_client("phoenix")
    preview_client("peoria")
    phoenix_home = Clinic.objects.get(slug="phoenix").site.root_page
    article = ArticlePage.objects.child_of(phoenix_home).first()
    page = logged_in(user("phoenix-editor")).get(reverse("wagtailadmin_pages:view_draft", args=(article.pk,)))
    assert framed_url(page).startswith("https://phoenix.example.com/preview?token=")
    shared_page = logged_in(user("editor")).get(reverse("wagtailadmin_pages:view_draft", args=(shared().pk,)))
    first_by_name = sorted(Clinic.objects.all(), key=lambda clinic: clinic.name)[0]
    assert first_by_name.slug in framed_url(shared_page) or "has no preview client" in shared_page.content.decode()


# Found by an adversarial reading (each failed on the code before its fix)


def test_a_preview_that_showed_no_website_is_not_recorded_for_the_approval():
    from network.models.preview import KIND_ARTICLE  # noqa: F401 - the kinds live beside the mixin

    article = shared()
    revision = article.save_revision(user=user("editor"))
    reviewer = logged_in(user("reviewer"))
    nowhere = reverse("preview_revision_in_clinic", args=(revision.pk, "fayetteville"))  # no preview client
    assert "has no preview client yet" in reviewer.get(nowhere).content.decode()
    preview_client("phoenix")
    assert reviewer.head(reverse("preview_revision_in_clinic", args=(revision.pk, "phoenix"))).status_code == 200
    entries = log_registry.get_logs_for_instance(article).filter(action="network.preview")
    assert not entries.exists()


def test_a_reviewer_cannot_read_a_clinics_contact_block_draft_through_a_preview():
    preview_client("peoria")
    block = ContactBlock.objects.get(clinic__slug="peoria")
    block.call_to_action = "Peoria's unpublished draft"
    revision = block.save_revision(user=user("admin"))
    response = logged_in(user("reviewer")).get(reverse("preview_revision_in_clinic", args=(revision.pk, "peoria")))
    assert response.status_code in (302, 403) and b"token=" not in response.content


def test_an_article_with_a_unicode_slug_previews():
    api = preview_client("phoenix")
    article = shared()
    article.slug = "qué-es-la-ketamina"
    revision = article.save_revision(user=user("editor"))
    url = framed_url(
        logged_in(user("reviewer")).get(reverse("preview_revision_in_clinic", args=(revision.pk, "phoenix")))
    )
    answer = api.get(f"/api/v1/preview/clinics/phoenix/articles/{article.slug}/", {"token": token_in(url)})
    assert answer.status_code == 200, answer.content
    assert answer.json()["slug"] == "qué-es-la-ketamina"


@pytest.mark.parametrize(
    "template",
    [
        "https://x.example.com/?t={token}&k={kind.foo}",
        "https://x.example.com/?t={token}&k={kind[a]}",
        "https://x.example.com/?t={token:.3}",
        "https://x.example.com/?t={token}&k={kind!r}",
        "https://x.example.com/?t={token}&k={kind:>500}",
        "https://x.example.com/?t={{token}}",
        "http://[{token}/",
    ],
)
def test_a_preview_url_with_a_formatting_trick_is_refused_not_a_500(admin_client, template):
    response = admin_client.post(reverse("frontend_clients:add"), client_form(preview_url_template=template))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Use only these placeholders" in page or "Put {token} where" in page or "full address" in page
    assert not FrontEndClient.objects.filter(name="Phoenix preview").exists()


def test_a_revision_shown_from_the_history_previews_as_that_revision_and_its_approval():
    api = preview_client("phoenix")
    article = shared()
    approved = article.live_revision
    article.title = "A newer draft"
    article.save_revision(user=user("editor"))
    history = reverse("wagtailadmin_pages:revisions_view", args=(article.pk, approved.pk))
    url = framed_url(logged_in(user("editor")).get(history, {"mode": "clinic-phoenix"}))
    body = api.get(f"/api/v1/preview/clinics/phoenix/articles/{ARTICLE}/", {"token": token_in(url)}).json()
    assert body["preview"]["revision"] == approved.pk
    assert body["preview"]["unsaved"] is False
    assert body["preview"]["workflow_state"] == "approved"
    assert body["medical_review"]["status"] == "current"
    assert body["title"] != "A newer draft"

    draft = framed_url(
        logged_in(user("editor")).get(
            reverse("wagtailadmin_pages:view_draft", args=(article.pk,)), {"mode": "clinic-phoenix"}
        )
    )
    body = api.get(f"/api/v1/preview/clinics/phoenix/articles/{ARTICLE}/", {"token": token_in(draft)}).json()
    assert body["title"] == "A newer draft"
    assert body["preview"]["unsaved"] is False
    assert body["preview"]["revision"] == ArticlePage.objects.get(pk=article.pk).latest_revision_id


def test_an_unsaved_local_text_previews_with_the_article_the_form_names():
    api = preview_client("phoenix")
    text = LocalArticleText.objects.filter(clinic__slug="phoenix", article__locale__language_code="en").first()
    other = shared("esketamine-vs-iv-ketamine")
    viewset = LocalArticleText.snippet_viewset
    url = reverse(viewset.get_url_name("preview_on_edit"), args=(text.pk,))
    client = logged_in(user("phoenix-editor"))
    form = {
        "clinic": text.clinic_id,
        "article": other.pk,
        "introduction": '{"blocks": [{"key": "a", "text": "A welcome for the other article.", "type": "unstyled", "depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
        "call_to_action": "",
    }
    assert client.post(url, form).json()["is_valid"]
    framed = framed_url(client.get(url))
    assert "slug=esketamine-vs-iv-ketamine" in framed
    answer = api.get("/api/v1/preview/clinics/phoenix/articles/esketamine-vs-iv-ketamine/", {"token": token_in(framed)})
    assert answer.status_code == 200, answer.content
    assert "A welcome for the other article." in answer.json()["body"][0]["value"]


def test_pages_that_no_clinic_website_shows_keep_wagtails_preview_panel():
    home = Clinic.objects.get(slug="phoenix").site.root_page
    page = logged_in(user("admin")).get(reverse("wagtailadmin_pages:edit", args=(home.pk,))).content.decode()
    assert "Plain text (admin)" not in page and 'value="clinic-' not in page
