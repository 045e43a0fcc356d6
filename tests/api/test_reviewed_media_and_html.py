"""What approved content shows is what the reviewer approved: pictures included (a replaced image
file is not served under the old approval), and every HTML field sanitised and its links resolved
for the requesting clinic (disclaimers too)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model

from articles.models import ArticlePage
from network.models import Disclaimer, SharedLibraryPage
from tests.factories import ArticlePageFactory, approve_and_publish
from tests.network.conftest import logged_in

pytestmark = pytest.mark.django_db


def png(colour) -> ImageFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 800), colour).save(buffer, format="PNG")
    return ImageFile(buffer, name="picture.png")


def upload(colour) -> SimpleUploadedFile:
    return SimpleUploadedFile("picture.png", png(colour).file.getvalue(), content_type="image/png")


def library():
    return SharedLibraryPage.objects.get(locale__language_code="en")


def network_images():
    from network.services import ensure_network_collection

    return ensure_network_collection()


@pytest.fixture
def pictured_article(db):
    """An approved shared article showing one image, the image uploaded as a script would."""
    editor = get_user_model().objects.get(username="editor")  # may edit what they uploaded
    image = get_image_model()(title="Reviewed picture", uploaded_by_user=editor, collection=network_images())
    image.file = png((10, 120, 200))
    image.save()
    body = [
        {"type": "paragraph", "value": "<p>Before the picture.</p>"},
        {"type": "image", "value": {"image": image.pk, "alt_text": "A calm room", "caption": ""}},
        {"type": "paragraph", "value": "<p>After the picture.</p>"},
    ]
    article = approve_and_publish(ArticlePageFactory(parent=library(), slug="pictured", body=body))
    return article, image


def block_types(api, path="/api/v1/clinics/phoenix/articles/pictured/") -> list[str]:
    response = api.get(path)
    assert response.status_code == 200, response.content[:300]
    return [block["type"] for block in response.json()["body"]]


def test_an_approved_picture_is_served(network_api, pictured_article):
    assert block_types(network_api) == ["paragraph", "image", "paragraph"]


def test_a_picture_replaced_after_approval_is_not_served_under_it(network_api, pictured_article):
    article, image = pictured_article
    assert block_types(network_api) == ["paragraph", "image", "paragraph"]  # cached now
    image = get_image_model().objects.get(pk=image.pk)
    image.file = png((200, 20, 20))  # a script (or an upload outside the form) replaces the file
    image.save()
    assert block_types(network_api) == ["paragraph", "paragraph"]  # the cached answer was invalidated

    # The editor puts the new picture through review: approved, it is served again.
    approve_and_publish(ArticlePage.objects.get(pk=article.pk))
    assert block_types(network_api) == ["paragraph", "image", "paragraph"]


def test_a_picture_whose_file_is_missing_is_left_out_and_the_rest_served(network_api, pictured_article, caplog):
    _, image = pictured_article
    image.renditions.all().delete()
    image.file.storage.delete(image.file.name)
    assert block_types(network_api) == ["paragraph", "paragraph"]
    assert any("cannot be read" in record.getMessage() for record in caplog.records)


def test_a_disclaimers_html_is_sanitised_and_its_links_resolved_for_the_clinic(network_api):
    peoria_only = ArticlePage.objects.get(slug="planning-your-visit-to-our-peoria-clinic")
    shared = ArticlePage.objects.get(slug="esketamine-vs-iv-ketamine", locale__language_code="en")
    disclaimer = Disclaimer.objects.create(
        title="Hostile disclaimer",
        locale=library().locale,
        body=(
            f'<p onclick="steal()">Read <a linktype="page" id="{shared.pk}">this</a> and '
            f'<a linktype="page" id="{peoria_only.pk}">that</a>'
            '<script>alert(1)</script> <a href="javascript:alert(2)">bad</a></p>'
        ),
    )
    approve_and_publish(disclaimer)
    approve_and_publish(ArticlePageFactory(parent=library(), slug="disclaimed", disclaimer=disclaimer))
    body = network_api.get("/api/v1/clinics/phoenix/articles/disclaimed/").json()["disclaimer"]["body"]
    for bad in ("<script", "onclick", "javascript:", "linktype", f'id="{peoria_only.pk}"'):
        assert bad not in body
    assert 'href="https://ahwatukee.example.com/articles/esketamine-vs-iv-ketamine/"' in body
    assert " and that" in body  # Peoria's own article is not Phoenix's to link to: its text alone


def test_the_admin_refuses_to_replace_the_file_of_an_approved_picture(network_api, pictured_article):
    editor = get_user_model().objects.get(username="editor")
    _, image = pictured_article
    before = get_image_model().objects.get(pk=image.pk).file.name
    response = logged_in(editor).post(
        reverse("wagtailimages:edit", args=(image.pk,)),
        {"title": image.title, "file": upload((0, 0, 0)), "tags": "", "collection": image.collection_id},
    )
    assert response.status_code == 200
    assert "upload the new picture as a new image" in response.content.decode()
    assert get_image_model().objects.get(pk=image.pk).file.name == before
    assert block_types(network_api) == ["paragraph", "image", "paragraph"]


def test_the_admin_replaces_the_file_of_a_picture_no_approved_content_shows(db):
    editor = get_user_model().objects.get(username="editor")
    image = get_image_model()(title="Unused picture", uploaded_by_user=editor, collection=network_images())
    image.file = png((1, 2, 3))
    image.save()
    response = logged_in(editor).post(
        reverse("wagtailimages:edit", args=(image.pk,)),
        {"title": image.title, "file": upload((9, 9, 9)), "tags": "", "collection": image.collection_id},
    )
    assert response.status_code == 302
    assert get_image_model().objects.get(pk=image.pk).file_hash != image.file_hash


def test_a_preview_of_the_approved_revision_shows_the_pictures_as_approved(network_api, pictured_article):
    """A picture replaced after approval: the approved revision's preview leaves it out, as delivery
    does; a new draft's preview shows the new picture, for the reviewer to approve."""
    from tests.api.test_preview import preview_api, revision_token

    article, image = pictured_article
    image = get_image_model().objects.get(pk=image.pk)
    image.file = png((200, 20, 20))
    image.save()
    api = preview_api("phoenix")
    path = "/api/v1/preview/clinics/phoenix/articles/pictured/"
    approved = api.get(path, {"token": revision_token(article.live_revision, "phoenix")}).json()
    assert approved["preview"]["workflow_state"] == "approved"
    assert [block["type"] for block in approved["body"]] == block_types(network_api) == ["paragraph", "paragraph"]

    draft = ArticlePage.objects.get(pk=article.pk).save_revision(user=get_user_model().objects.get(username="editor"))
    pending = api.get(path, {"token": revision_token(draft, "phoenix")}).json()
    assert [block["type"] for block in pending["body"]] == ["paragraph", "image", "paragraph"]
