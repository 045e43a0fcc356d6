"""Headless preview through the API: a clinic's preview website reads a draft with its preview
key and a token the admin handed out, in exactly the delivery shapes, never cached; every other
key, token or state is refused in the error shape."""

import datetime
import html
import re
from urllib.parse import unquote

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient
from wagtail.models import Locale, Revision

from api.models import FrontEndClient, FrontEndKey
from articles.models import ArticlePage, LocalArticleText
from clinics.models import Clinic, ContactBlock
from network.models import Disclaimer, SharedLibraryPage
from network.review import decide_review, submit_for_review
from tests.golden import assert_matches_golden

pytestmark = pytest.mark.django_db

TEMPLATE = "https://{clinic}.example.com/api/preview?token={token}&kind={kind}&slug={slug}&locale={locale}"
ARTICLE = "what-is-ketamine-infusion-therapy"
LOCAL = "preparing-for-your-first-infusion"


def user(name: str):
    return get_user_model().objects.get(username=name)


def logged_in(name: str) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user(name))
    return client


def preview_api(clinic_slug: str) -> APIClient:
    """An API client with a key of the clinic's preview client."""
    clinic = Clinic.objects.get(slug=clinic_slug)
    client, _ = FrontEndClient.objects.get_or_create(
        name=f"{clinic_slug} preview",
        clinic=clinic,
        kind=FrontEndClient.KIND_PREVIEW,
        defaults={"preview_url_template": TEMPLATE.replace("{clinic}", clinic_slug)},
    )
    _, key = FrontEndKey.objects.create_key(name="preview key", client=client)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return api


def shared(slug: str, code: str = "en") -> ArticlePage:
    library = SharedLibraryPage.objects.get(locale__language_code=code)
    return ArticlePage.objects.child_of(library).get(slug=slug)


def token_from(response) -> str:
    assert response.status_code == 200, response.content[:500]
    page = response.content.decode()
    found = re.search(r'<iframe src="[^"]*[?&]token=([^&"]+)', page)
    assert found, page
    return unquote(html.unescape(found.group(1)))


def revision_token(revision: Revision, clinic_slug: str, *, as_user: str = "reviewer") -> str:
    """What the approval step's preview link hands out, for a saved revision."""
    preview_api(clinic_slug)  # the clinic needs a preview client for the admin to link to
    url = reverse("preview_revision_in_clinic", args=(revision.pk, clinic_slug))
    return token_from(logged_in(as_user).get(url))


def edited(article: ArticlePage, *, title: str, user_name: str = "editor") -> Revision:
    """A new draft revision of an approved article, not published."""
    article = ArticlePage.objects.get(pk=article.pk)
    article.title = title
    return article.save_revision(user=user(user_name))


def preview_of(api, clinic_slug: str, slug: str, token: str, status: int = 200) -> dict:
    response = api.get(f"/api/v1/preview/clinics/{clinic_slug}/articles/{slug}/", {"token": token})
    assert response.status_code == status, response.content
    return response.json()


def test_a_draft_of_an_approved_article_is_previewed_while_delivery_serves_the_approved_one(
    network_api, served_by_fast_path
):
    article = shared(ARTICLE)
    delivered = network_api.get(f"/api/v1/clinics/phoenix/articles/{ARTICLE}/")
    assert delivered.status_code == 200
    revision = edited(article, title="What ketamine infusion therapy is (draft)")

    token = revision_token(revision, "phoenix")
    response = preview_api("phoenix").get(f"/api/v1/preview/clinics/phoenix/articles/{ARTICLE}/", {"token": token})
    assert response.status_code == 200, response.content
    preview = response.json()
    assert preview["title"] == "What ketamine infusion therapy is (draft)"
    assert preview["preview"]["revision"] == revision.pk
    assert preview["preview"]["workflow_state"] == "draft"
    assert preview["preview"]["unsaved"] is False
    assert preview["medical_review"] == {"status": "pending"}
    assert "lastReviewed" not in preview["json_ld"] and "reviewedBy" not in preview["json_ld"]
    assert response["Cache-Control"] == "no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "Surrogate-Key" not in response and "Cache-Tag" not in response and "ETag" not in response

    again = network_api.get(f"/api/v1/clinics/phoenix/articles/{ARTICLE}/")
    assert served_by_fast_path == [f"/api/v1/clinics/phoenix/articles/{ARTICLE}/"]  # the cached answer itself
    assert again.json() == delivered.json()
    assert again["ETag"] == delivered["ETag"]
    assert again.json()["title"] == article.title != preview["title"]


def test_the_preview_has_the_detail_shape_and_the_clinics_contact_block(network_api):
    revision = edited(shared(ARTICLE), title="Draft title")
    delivered = network_api.get(f"/api/v1/clinics/phoenix/articles/{ARTICLE}/").json()
    preview = preview_of(preview_api("phoenix"), "phoenix", ARTICLE, revision_token(revision, "phoenix"))
    assert set(preview) == set(delivered) | {"preview"}
    for same in (
        "id",
        "slug",
        "locale",
        "scope",
        "body",
        "contact",
        "disclaimer",
        "categories",
        "tags",
        "canonical_url",
        "translations",
        "override",
        "pinned",
    ):
        assert preview.get(same) == delivered.get(same), same


def test_a_shared_article_is_previewed_as_each_clinic_with_its_own_contact_block(network_api):
    revision = edited(shared(ARTICLE), title="Draft for every clinic")
    for clinic in ("phoenix", "peoria"):
        preview = preview_of(preview_api(clinic), clinic, ARTICLE, revision_token(revision, clinic))
        contact = network_api.get(f"/api/v1/clinics/{clinic}/contact/").json()
        assert preview["contact"] == contact
        assert preview["contact"]["clinic"] == clinic
        placeholders = [block for block in preview["body"] if block["type"] == "contact"]
        assert placeholders and all(block["value"]["contact"]["clinic"] == clinic for block in placeholders)
        assert preview["preview"]["clinic"] == clinic


def test_a_spanish_draft_shows_the_spanish_contact_block(network_api):
    spanish = shared(ARTICLE).get_translation(Locale.objects.get(language_code="es"))
    revision = edited(spanish, title="Borrador en español")
    preview = preview_of(preview_api("phoenix"), "phoenix", spanish.slug, revision_token(revision, "phoenix"))
    assert preview["title"] == "Borrador en español"
    assert preview["locale"] == "es"
    assert preview["contact"]["locale"] == "es"
    assert preview["contact"] == network_api.get("/api/v1/clinics/phoenix/contact/?locale=es").json()


def test_a_local_texts_draft_introduction_previews_in_place():
    text = LocalArticleText.objects.get(
        clinic__slug="phoenix", article__slug=LOCAL, article__locale__language_code="en"
    )
    text.introduction = "<p>Our Ahwatukee team adds a draft welcome.</p>"
    revision = text.save_revision(user=user("phoenix-editor"))
    preview = preview_of(preview_api("phoenix"), "phoenix", LOCAL, revision_token(revision, "phoenix"))
    first = preview["body"][0]
    assert first["type"] == "local_introduction"
    assert "adds a draft welcome" in first["value"]
    assert preview["override"]["local_introduction"] is True
    assert preview["override"]["medical_review"]["status"] == "pending"
    assert preview["preview"]["kind"] == "local_text"


def test_a_preview_answer_never_enters_the_cache_or_the_fast_path(served_by_fast_path):
    revision = edited(shared(ARTICLE), title="Draft not cached")
    api, token = preview_api("phoenix"), revision_token(revision, "phoenix")
    first = preview_of(api, "phoenix", ARTICLE, token)
    second = preview_of(api, "phoenix", ARTICLE, token)
    assert first == second
    assert served_by_fast_path == []


def test_the_workflow_state_and_review_of_the_previewed_revision_are_honest():
    article = shared(ARTICLE)
    revision = edited(article, title="Submitted draft")
    api = preview_api("phoenix")
    submit_for_review(content=ArticlePage.objects.get(pk=article.pk), user=user("editor"))
    in_review = ArticlePage.objects.get(pk=article.pk).current_workflow_state.current_task_state.revision
    assert preview_of(api, "phoenix", ARTICLE, revision_token(in_review, "phoenix"))["preview"]["workflow_state"] == (
        "in_review"
    )
    decide_review(content=ArticlePage.objects.get(pk=article.pk), user=user("reviewer"), approve=False, comment="Fix")
    answer = preview_of(api, "phoenix", ARTICLE, revision_token(in_review, "phoenix"))
    assert answer["preview"]["workflow_state"] == "changes_requested"
    assert answer["medical_review"]["status"] == "pending"

    approved = ArticlePage.objects.get(pk=article.pk).live_revision
    answer = preview_of(api, "phoenix", ARTICLE, revision_token(approved, "phoenix"))
    assert answer["preview"]["workflow_state"] == "approved"
    assert answer["medical_review"]["status"] == "current"
    assert answer["medical_review"]["reviewed_by"]["name"]
    assert revision.pk != approved.pk


# What is refused


def test_tokens_and_keys_that_are_refused_answer_in_the_error_shape(make_key):
    revision = edited(shared(ARTICLE), title="Refusals")
    token = revision_token(revision, "phoenix")
    path = f"/api/v1/preview/clinics/phoenix/articles/{ARTICLE}/"
    phoenix = preview_api("phoenix")

    def error(api, query, status, url=path):
        response = api.get(url, query)
        assert response.status_code == status, response.content
        body = response.json()["error"]
        assert body["status"] == status and body["message"]
        assert response["Cache-Control"] == "no-store"
        return body

    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert "changed" in error(phoenix, {"token": tampered}, 401)["message"]
    assert error(phoenix, {"token": "not-a-token"}, 401)
    assert error(phoenix, {"token": "x" * 5000}, 401)
    assert error(phoenix, {}, 401)
    assert error(phoenix, {"token": token, "locale": "es"}, 400)["code"] == "invalid_parameter"

    delivery = APIClient()
    delivery.credentials(HTTP_AUTHORIZATION=f"Api-Key {make_key('phoenix')}")
    assert error(delivery, {"token": token}, 403)["code"] == "drafts_refused"
    network = APIClient()
    network.credentials(HTTP_AUTHORIZATION=f"Api-Key {make_key(None)}")
    assert error(network, {"token": token}, 403)["code"] == "drafts_refused"
    assert error(APIClient(), {"token": token}, 401)

    peoria = preview_api("peoria")
    assert error(peoria, {"token": token}, 403)  # another clinic's preview key, on Phoenix's path
    peoria_path = f"/api/v1/preview/clinics/peoria/articles/{ARTICLE}/"
    assert "another clinic" in error(peoria, {"token": token}, 401, url=peoria_path)["message"]

    other = "/api/v1/preview/clinics/phoenix/articles/esketamine-vs-iv-ketamine/"
    assert "another article" in error(phoenix, {"token": token}, 401, url=other)["message"]
    assert error(phoenix, {"token": token}, 401, url="/api/v1/preview/clinics/phoenix/contact/")

    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(hours=1, minutes=1)):
        assert "expired" in error(phoenix, {"token": token}, 401)["message"]

    Revision.objects.filter(pk=revision.pk).delete()
    assert "no longer exists" in error(phoenix, {"token": token}, 404)["message"]


def test_a_preview_token_reads_only_never_writes():
    revision = edited(shared(ARTICLE), title="Read only")
    token = revision_token(revision, "phoenix")
    api = preview_api("phoenix")
    for method in (api.post, api.put, api.patch, api.delete):
        response = method(f"/api/v1/preview/clinics/phoenix/articles/{ARTICLE}/?token={token}", {"title": "x"})
        assert response.status_code == 405
        assert response.json()["error"]["status"] == 405
    assert ArticlePage.objects.get(pk=revision.object_id).get_latest_revision().pk == revision.pk


def test_a_preview_key_reads_the_delivered_content_too():
    response = preview_api("phoenix").get("/api/v1/clinics/phoenix/articles/")
    assert response.status_code == 200
    assert response.json()["count"] > 0


def test_a_contact_block_draft_previews_in_the_contact_shape(network_api):
    block = ContactBlock.objects.get(clinic__slug="phoenix", locale__language_code="en")
    block.call_to_action = "Book your first visit (draft)"
    revision = block.save_revision(user=user("phoenix-editor"))
    token = revision_token(revision, "phoenix", as_user="admin")
    response = preview_api("phoenix").get("/api/v1/preview/clinics/phoenix/contact/", {"token": token})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["call_to_action"] == "Book your first visit (draft)"
    assert body["preview"]["kind"] == "contact"
    published = network_api.get("/api/v1/clinics/phoenix/contact/").json()
    assert set(body) == set(published) | {"preview"}
    assert published["call_to_action"] != body["call_to_action"]


def test_a_disclaimer_draft_previews_in_the_disclaimer_shape():
    disclaimer = Disclaimer.objects.filter(locale__language_code="en", live=True).first()
    disclaimer.body = "<p>Draft wording of the disclaimer.</p>"
    revision = disclaimer.save_revision(user=user("editor"))
    token = revision_token(revision, "peoria")
    api = preview_api("peoria")
    response = api.get(f"/api/v1/preview/clinics/peoria/disclaimers/{disclaimer.pk}/", {"token": token})
    assert response.status_code == 200, response.content
    body = response.json()
    assert "Draft wording" in body["body"]
    assert body["medical_review"]["status"] == "pending"
    assert body["preview"]["kind"] == "disclaimer"
    other = api.get(f"/api/v1/preview/clinics/peoria/disclaimers/{disclaimer.pk + 1000}/", {"token": token})
    assert other.status_code == 401


# Restoring a revision costs Wagtail (and modelcluster) a query per foreign key, tag and comment
# relation; the rest is delivery's reading. The count does not grow with the body.
PREVIEW_QUERIES = 26


def counted_preview(api, token) -> int:
    preview_of(api, "phoenix", ARTICLE, token)  # the key, structure and settings are cached after this
    with CaptureQueriesContext(connection) as queries:
        preview_of(api, "phoenix", ARTICLE, token)
    return len(queries)


def test_the_preview_of_an_article_makes_a_fixed_number_of_queries(last_use_recorded_once):
    article = shared(ARTICLE)
    api = preview_api("phoenix")
    short = counted_preview(api, revision_token(edited(article, title="Counted"), "phoenix"))
    assert short <= PREVIEW_QUERIES

    longer = ArticlePage.objects.get(pk=article.pk)
    longer.body = list(longer.body.raw_data) * 3
    revision = longer.save_revision(user=user("editor"))
    assert counted_preview(api, revision_token(revision, "phoenix")) == short


def test_the_golden_preview_of_a_phoenix_draft(settings):
    article = shared(ARTICLE)
    revision = edited(article, title="What is ketamine infusion therapy? (draft)")
    with time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC), tick=False):
        token = revision_token(revision, "phoenix")
        body = preview_of(preview_api("phoenix"), "phoenix", ARTICLE, token)
    assert body["preview"]["created"] == "2026-06-01T12:00:00Z"
    assert body["preview"]["expires"] == "2026-06-01T13:00:00Z"
    assert_matches_golden("preview_article_phoenix", body)
