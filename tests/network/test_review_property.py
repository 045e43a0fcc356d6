"""Property: whatever editors, reviewers and superusers do, in any order, the API serves an
article or a disclaimer if and only if it is live and its live revision carries an approval,
and what it serves is the text of that approved revision."""

import itertools
import os

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache, caches
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import WorkflowState

from articles.models import ArticlePage
from network.models import Disclaimer, MedicalReview, SharedLibraryPage
from network.review import decide_review, submit_for_review
from tests.factories import ArticlePageFactory, approve_and_publish, second_arizona_clinic

pytestmark = pytest.mark.django_db

OPERATIONS = ["edit", "submit", "approve", "reject", "publish", "unpublish"]
TARGETS = ["article", "disclaimer"]
markers = itertools.count()


def latest(content):
    return type(content).objects.get(pk=content.pk)


def is_approved(revision_id) -> bool:
    return MedicalReview.objects.filter(revision_id=revision_id, decision=MedicalReview.APPROVED).exists()


def apply(operation: str, content, users) -> None:
    """Do what the admin would let each person do, at the model level."""
    content = latest(content)
    in_review = content.workflow_in_progress
    state = content.current_workflow_state
    if operation == "edit" and not in_review:  # the admin locks content under review for editors
        draft = content.get_latest_revision_as_object() if content.latest_revision_id else content
        marker = f"marker {next(markers)}"
        if isinstance(draft, Disclaimer):
            draft.body = f"<p>{marker}</p>"
        else:
            draft.title = marker
        draft.save_revision(user=users["editor"])
    elif operation == "submit" and content.latest_revision_id and not in_review:
        if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(user=users["editor"])
        else:
            submit_for_review(content=content, user=users["editor"])
    elif operation in {"approve", "reject"} and in_review and state.status == WorkflowState.STATUS_IN_PROGRESS:
        decide_review(content=content, user=users["reviewer"], approve=operation == "approve", comment=operation)
    elif operation == "publish" and content.latest_revision_id:
        if state is not None:
            state.cancel(user=users["admin"])  # publishing from the admin ends any workflow first
        # a script publishing as the administrator: the admin itself refuses (network.publishing)
        latest(content).get_latest_revision().publish(user=users["admin"], skip_permission_checks=True)
    elif operation == "unpublish" and content.live and not content.workflow_in_progress:
        content.unpublish(user=users["admin"])  # content under review is locked, for administrators too


def check(network_api, article, probe, disclaimer) -> None:
    article, disclaimer = latest(article), latest(disclaimer)
    response = network_api.get(f"/api/v1/clinics/peoria/articles/{article.slug}/")
    should_serve = article.live and is_approved(article.live_revision_id)
    assert (response.status_code == 200) == should_serve, (response.status_code, article.live)
    if response.status_code == 200:
        assert response.json()["title"] == article.live_revision.as_object().title
        assert response.json()["medical_review"] is not None

    served = network_api.get(f"/api/v1/clinics/peoria/articles/{probe.slug}/").json()["disclaimer"]
    disclaimer_should_serve = disclaimer.live and is_approved(disclaimer.live_revision_id)
    assert (served is not None) == disclaimer_should_serve
    if served is not None:
        assert served["body"] == disclaimer.live_revision.as_object().body
        assert served["medical_review"] is not None


@settings(
    max_examples=int(os.environ.get("REVIEW_PROPERTY_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.tuples(st.sampled_from(OPERATIONS), st.sampled_from(TARGETS)), min_size=1, max_size=12))
def test_api_serves_only_approved_live_revisions(network_api, steps):
    User = get_user_model()
    users = {name: User.objects.get(username=name) for name in ("editor", "reviewer", "admin")}
    cache.clear()  # each example's writes are rolled back, and with them what it cached
    with transaction.atomic():
        library = SharedLibraryPage.objects.get(locale__language_code="en")
        disclaimer = Disclaimer.objects.create(
            title="Property disclaimer", body="<p>initial</p>", locale=library.locale, live=False
        )
        article = ArticlePageFactory(parent=library, slug="property-article", title="initial", disclaimer=disclaimer)
        probe = ArticlePageFactory(parent=library, slug="property-probe", disclaimer=disclaimer)
        approve_and_publish(probe, editor=users["editor"], reviewer=users["reviewer"])
        targets = {"article": article, "disclaimer": disclaimer}
        check(network_api, article, probe, disclaimer)
        for operation, target in steps:
            apply(operation, targets[target], users)
            check(network_api, article, probe, disclaimer)
        transaction.set_rollback(True)


def test_the_operations_reach_every_state(network_api):
    """The property test is only as good as its moves: one scripted run through all of them."""
    User = get_user_model()
    users = {name: User.objects.get(username=name) for name in ("editor", "reviewer", "admin")}
    library = SharedLibraryPage.objects.get(locale__language_code="en")
    article = ArticlePageFactory(parent=library, slug="scripted-moves")
    for operation in ["edit", "submit", "reject", "edit", "submit", "approve", "edit", "publish", "unpublish"]:
        apply(operation, article, users)
    article = ArticlePage.objects.get(pk=article.pk)
    assert not article.live
    assert MedicalReview.objects.filter(object_id=str(article.pk), decision=MedicalReview.APPROVED).count() == 1
    assert MedicalReview.objects.filter(object_id=str(article.pk), decision=MedicalReview.REJECTED).count() == 1


# Ways around the gate and the cache that trying the platform found: after each of them, every
# answer a clinic gets equals what a server without any cache would build from the database.
DETOURS = ["alias", "translate_disclaimer", "replace_image", "move_contact", "move_override", "edit_and_publish"]
PROBES = [
    "/api/v1/clinics/phoenix/articles/property-detour/",
    "/api/v1/clinics/phoenix/articles/property-detour-alias/",
    "/api/v1/clinics/peoria/articles/property-detour/",
    "/api/v1/clinics/phoenix/articles/?page_size=100",
    "/api/v1/clinics/peoria/articles/?page_size=100",
    "/api/v1/clinics/phoenix/articles/property-detour/?locale=es",
    "/api/v1/clinics/phoenix/contact/?locale=es",
    "/api/v1/clinics/mesa-example/contact/?locale=es",
]


def answers(api) -> list:
    found = []
    for path in PROBES:
        response = api.get(path)
        found.append((path, response.status_code, response.json() if response.status_code == 200 else None))
    return found


def answers_without_cache(api) -> list:
    from django.test import override_settings

    from network.speed.cache import forget_process_values

    forget_process_values()
    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    with override_settings(CACHES={"default": dummy, "renditions": dummy}):
        built = answers(api)
    forget_process_values()
    return built


def detour(step: str, world: dict, users) -> None:
    """One way around: what an administrator, an editor or a script does."""
    from django.core.files.images import ImageFile
    from wagtail.models import Locale

    from articles.models import SharedArticleOverride
    from clinics.models import Clinic, ContactBlock

    article = latest(world["article"])
    if step == "alias" and not ArticlePage.objects.filter(alias_of=article).exists():
        article.create_alias(parent=world["phoenix_home"], update_slug="property-detour-alias")
    elif step == "translate_disclaimer":
        disclaimer = latest(world["disclaimer"])
        spanish = Locale.objects.get(language_code="es")
        if not disclaimer.has_translation(spanish):
            disclaimer.copy_for_translation(spanish).save()
    elif step == "replace_image":
        image = type(world["image"]).objects.get(pk=world["image"].pk)
        image.file = ImageFile(world["png"](next(markers) % 250), name="replaced.png")
        image.save()
    elif step == "move_contact":
        block = ContactBlock.objects.get(pk=world["contact"].pk)
        block.clinic = world["mesa"] if block.clinic_id != world["mesa"].pk else Clinic.objects.get(slug="phoenix")
        block.save()
    elif step == "move_override":
        phoenix, peoria = Clinic.objects.get(slug="phoenix"), Clinic.objects.get(slug="peoria")
        override = SharedArticleOverride.objects.filter(article=article).first()
        if override is None:
            SharedArticleOverride.objects.create(clinic=phoenix, article=article, hidden=True)
        else:
            override.clinic = peoria if override.clinic_id == phoenix.pk else phoenix
            override.save()
    elif step == "edit_and_publish":  # a script publishes an administrator's edit around review
        draft = article.get_latest_revision_as_object()
        draft.title = f"detour {next(markers)}"
        draft.save_revision(user=users["admin"]).publish(user=users["admin"], skip_permission_checks=True)


@settings(
    max_examples=int(os.environ.get("REVIEW_PROPERTY_EXAMPLES", "25")) // 2 or 1,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.tuples(st.sampled_from(DETOURS), st.booleans()), min_size=1, max_size=8))
def test_every_answer_matches_a_build_without_cache_whatever_the_detour(network_api, steps):
    """``(detour, outage)``: with ``outage`` the editing process cannot reach the cache during the
    change; the replay loop then brings the change to the cache, as every process's does."""
    import io
    import time

    from django.core.files.images import ImageFile as DjangoImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    from clinics.models import Clinic, ContactBlock
    from network.speed import cache as delivery_cache
    from network.speed.invalidation import replay_pending

    def png(shade: int):
        buffer = io.BytesIO()
        PILImage.new("RGB", (600, 400), (shade, 80, 120)).save(buffer, format="PNG")
        return buffer

    User = get_user_model()
    users = {name: User.objects.get(username=name) for name in ("editor", "reviewer", "admin")}
    cache.clear()
    # Each example's rolled-back image may come back with the same id (SQLite reuses them), so the
    # process's rendition look-ups of the last example must not answer for this one.
    caches["renditions"].clear()
    with transaction.atomic():
        library = SharedLibraryPage.objects.get(locale__language_code="en")
        image = get_image_model()(title="Property picture")
        image.file = DjangoImageFile(png(10), name="property.png")
        image.save()
        disclaimer = Disclaimer.objects.create(title="Detour disclaimer", body="<p>d</p>", locale=library.locale)
        approve_and_publish(disclaimer, editor=users["editor"], reviewer=users["reviewer"])
        body = [
            {"type": "paragraph", "value": "<p>Text.</p>"},
            {"type": "image", "value": {"image": image.pk, "alt_text": "Picture", "caption": ""}},
            {"type": "contact", "value": {"heading": "Talk to us"}},
        ]
        article = ArticlePageFactory(parent=library, slug="property-detour", body=body, disclaimer=disclaimer)
        approve_and_publish(article, editor=users["editor"], reviewer=users["reviewer"])
        mesa = second_arizona_clinic(frontend_base_url="https://mesa.example.com")
        world = {
            "article": article,
            "disclaimer": disclaimer,
            "image": image,
            "png": png,
            "mesa": mesa,
            "contact": ContactBlock.objects.get(clinic__slug="phoenix", locale__language_code="es"),
            "phoenix_home": Clinic.objects.get(slug="phoenix").site.root_page,
        }
        assert answers(network_api) == answers_without_cache(network_api)
        for step, outage in steps:
            answers(network_api)  # warm every cache first
            if outage:
                delivery_cache._down_until = time.monotonic() + 60
            try:
                detour(step, world, users)
            finally:
                delivery_cache._down_until = 0.0
            replay_pending()
            served = answers(network_api)
            assert served == answers_without_cache(network_api), (step, outage)
            approved_titles = {
                review.revision.as_object().title
                for review in MedicalReview.objects.filter(object_id=str(article.pk), decision=MedicalReview.APPROVED)
            }
            for path, status, data in served:
                if path.endswith("/property-detour-alias/"):
                    assert status == 404, step  # an alias serves nothing of its own
                elif "/articles/property-detour/" in path and status == 200:
                    assert data["title"] in approved_titles, step
        transaction.set_rollback(True)
