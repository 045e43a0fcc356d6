"""The relay: every change that alters what a clinic's website serves becomes one change event
per clinic affected, read from the database (withdrawals included), and nothing else does."""

import datetime

import pytest
import time_machine
from django.db import transaction

from articles.models import ArticlePage, SharedArticleOverride
from changes.models import ClinicChange
from changes.relay import record_review_dates, relay_pending
from clinics.models import Clinic, ContactBlock
from network.models import ContentChange, Disclaimer, ReviewSettings
from tests.factories import approve_and_publish, local_text_of

pytestmark = pytest.mark.django_db

SHARED = "what-is-ketamine-infusion-therapy"
ALL_CLINICS = {"peoria", "phoenix", "fayetteville", "tempe"}


def shared_article(locale: str = "en") -> ArticlePage:
    return ArticlePage.objects.get(slug=SHARED, locale__language_code=locale)


def phoenix_own_article() -> ArticlePage:
    home = Clinic.objects.get(slug="phoenix").site.root_page
    return ArticlePage.objects.live().descendant_of(home).filter(locale__language_code="en").first()


def relayed(django_capture_on_commit_callbacks=None) -> list[ClinicChange]:
    start = ClinicChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    relay_pending()
    return list(ClinicChange.objects.filter(pk__gt=start).select_related("clinic").order_by("pk"))


def told(changes) -> set[tuple[str, str]]:
    return {(change.clinic.slug, change.type) for change in changes}


def test_the_demo_network_is_recorded_and_nothing_is_left_to_relay():
    assert not ContentChange.objects.filter(relayed=False).exists()
    assert relayed() == []


def test_a_new_approved_revision_of_a_shared_article_tells_every_clinic_serving_it():
    article = shared_article()
    article.title = "Ketamine infusion therapy, explained"
    approve_and_publish(article)
    changes = relayed()
    assert told(changes) == {(slug, "article.updated") for slug in ALL_CLINICS}
    phoenix = next(change for change in changes if change.clinic.slug == "phoenix")
    assert phoenix.data["slug"] == SHARED and phoenix.data["locale"] == "en"
    assert phoenix.data["urls"] == [f"https://ahwatukee.example.com/articles/{SHARED}/"]
    assert f"/api/v1/clinics/phoenix/articles/{SHARED}/" in phoenix.data["paths"]
    assert f"content:{article.translation_key}" in phoenix.data["surrogate_keys"]


def test_a_draft_or_an_unreviewed_publish_tells_nobody():
    article = shared_article()
    article.title = "A draft title"
    article.save_revision()
    assert relayed() == []
    article.save_revision().publish()  # live, but its revision is not approved: withheld
    changes = relayed()
    assert told(changes) == {(slug, "article.withdrawn") for slug in ALL_CLINICS}
    assert {change.data["reason"] for change in changes} == {"not_approved"}


def test_a_hidden_shared_article_is_withdrawn_from_that_clinic_only_and_its_edits_stay_unheard():
    article = shared_article()
    override = SharedArticleOverride.objects.create(
        clinic=Clinic.objects.get(slug="tempe"), article=article, hidden=True
    )
    changes = relayed()
    assert told(changes) == {("tempe", "article.withdrawn")}
    assert changes[0].data["reason"] == "hidden"
    article.title = "Edited while Tempe hides it"
    approve_and_publish(article)
    assert told(relayed()) == {(slug, "article.updated") for slug in ALL_CLINICS - {"tempe"}}
    override.delete()
    assert told(relayed()) == {("tempe", "article.published")}


def test_a_clinic_article_tells_its_clinic_only():
    article = phoenix_own_article()
    article.summary = "A new summary."
    approve_and_publish(article)
    assert told(relayed()) == {("phoenix", "article.updated")}
    article.unpublish()
    changes = relayed()
    assert told(changes) == {("phoenix", "article.withdrawn")}
    assert changes[0].data["reason"] == "unpublished"


def test_a_deleted_article_is_withdrawn_with_its_reason():
    article = phoenix_own_article()
    slug = article.slug
    article.delete()
    changes = relayed()
    assert told(changes) == {("phoenix", "article.withdrawn")}
    assert changes[0].data == changes[0].data | {"slug": slug, "reason": "deleted"}


def test_a_changed_slug_names_both_addresses():
    article = phoenix_own_article()
    old = article.slug
    article.slug = f"{old}-renamed"
    approve_and_publish(article)
    changes = relayed()
    assert told(changes) == {("phoenix", "article.updated")}
    assert changes[0].data["previous_slug"] == old
    assert changes[0].data["urls"] == [
        f"https://ahwatukee.example.com/articles/{old}-renamed/",
        f"https://ahwatukee.example.com/articles/{old}/",
    ]


def test_a_contact_block_tells_its_clinic():
    block = ContactBlock.objects.get(clinic__slug="phoenix", locale__language_code="en")
    block.phone = "+1 602 555 0199"
    block.save_revision().publish()
    changes = relayed()
    assert told(changes) == {("phoenix", "contact.changed")}
    assert changes[0].data["paths"] == ["/api/v1/clinics/phoenix/contact/"]


def test_a_clinic_record_change_tells_that_clinic():
    clinic = Clinic.objects.get(slug="peoria")
    clinic.name = "Peoria Ketamine Clinic"
    clinic.save()
    assert told(relayed()) == {("peoria", "clinic.changed")}


def test_a_disclaimer_change_tells_every_clinic_showing_it():
    disclaimer = Disclaimer.objects.filter(locale__language_code="en", live=True).first()
    disclaimer.body = "<p>A new medical disclaimer.</p>"
    approve_and_publish(disclaimer)
    changes = relayed()
    assert {change.type for change in changes} == {"disclaimer.changed"}
    assert {change.clinic.slug for change in changes} == ALL_CLINICS


def test_a_local_text_tells_its_clinic_of_an_update():
    local_text_of(clinic_slug="phoenix", article=shared_article(), introduction="<p>In Phoenix we ...</p>")
    assert told(relayed()) == {("phoenix", "article.updated")}


def test_a_change_rolled_back_in_its_transaction_leaves_no_event():
    article = phoenix_own_article()
    with pytest.raises(RuntimeError), transaction.atomic():
        article.unpublish()
        raise RuntimeError("the editor's request failed")
    assert not ContentChange.objects.filter(relayed=False).exists()
    assert relayed() == []


def test_relaying_twice_tells_nothing_twice():
    phoenix_own_article().unpublish()
    assert len(relayed()) == 1
    assert relayed() == []


def noon_on(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def test_review_dates_tell_of_a_review_due_soon_then_overdue_once_each_however_often_checked():
    article = phoenix_own_article()
    due = article.live_review.next_review_due
    soon = due - datetime.timedelta(days=ReviewSettings.load().due_soon_days - 1)
    start = ClinicChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for day in (soon, soon, due + datetime.timedelta(days=1), due + datetime.timedelta(days=2)):
        with time_machine.travel(noon_on(day)):
            record_review_dates()
    changes = ClinicChange.objects.filter(pk__gt=start, data__key=str(article.translation_key), data__locale="en")
    assert [(change.clinic.slug, change.type, change.data["locale"]) for change in changes] == [
        ("phoenix", "article.review_due_soon", "en"),
        ("phoenix", "article.review_overdue", "en"),
    ]
    assert {change.data["next_review_due"] for change in changes} == {due.isoformat()}


def test_an_overdue_article_withheld_by_the_network_is_withdrawn_once():
    settings = ReviewSettings.load()
    settings.serve_overdue = False
    settings.save()
    relayed()
    article = phoenix_own_article()
    due = article.live_review.next_review_due
    start = ClinicChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with time_machine.travel(noon_on(due + datetime.timedelta(days=1))):
        record_review_dates()
        record_review_dates()
    changes = ClinicChange.objects.filter(pk__gt=start, data__key=str(article.translation_key), data__locale="en")
    assert [(change.clinic.slug, change.type, change.data["reason"]) for change in changes] == [
        ("phoenix", "article.withdrawn", "overdue")
    ]


def test_a_picture_replaced_under_an_article_tells_every_clinic_showing_it():
    from wagtail.images import get_image_model

    from tests.api.test_reviewed_media_and_html import library, network_images, png
    from tests.factories import ArticlePageFactory

    image = get_image_model()(title="Reviewed picture", collection=network_images())
    image.file = png((10, 120, 200))
    image.save()
    body = [{"type": "image", "value": {"image": image.pk, "alt_text": "A calm room", "caption": ""}}]
    approve_and_publish(ArticlePageFactory(parent=library(), slug="pictured", body=body))
    assert told(relayed()) == {(slug, "article.published") for slug in ALL_CLINICS}
    image = get_image_model().objects.get(pk=image.pk)
    image.file = png((200, 20, 20))
    image.save()
    changes = relayed()
    assert told(changes) == {(slug, "article.updated") for slug in ALL_CLINICS}
    assert {change.data["slug"] for change in changes} == {"pictured"}


def test_an_article_moved_from_the_library_into_a_clinic_is_withdrawn_from_the_others():
    article = shared_article()
    tempe_home = Clinic.objects.get(slug="tempe").site.root_page
    article.move(tempe_home, pos="last-child")
    changes = relayed()
    assert told(changes) == {("tempe", "article.updated")} | {
        (slug, "article.withdrawn") for slug in ALL_CLINICS - {"tempe"}
    }
    assert {change.data["reason"] for change in changes if change.type == "article.withdrawn"} == {"moved"}


def test_a_pin_tells_its_clinic_of_an_update():
    SharedArticleOverride.objects.create(
        clinic=Clinic.objects.get(slug="peoria"), article=shared_article(), pinned=True
    )
    assert told(relayed()) == {("peoria", "article.updated")}


def test_what_was_recorded_matches_a_build_straight_from_the_database_after_many_changes():
    """After a run of changes of every kind, the relay's record of what each clinic serves is what
    the database says each serves (articles, contact blocks, disclaimers, clinics)."""
    from changes.models import ServedState
    from changes.relay import current_rules, record_clinic_changes
    from changes.served import articles_served, clinic_served, contact_served, disclaimers_served

    phoenix_own_article().unpublish()
    SharedArticleOverride.objects.create(clinic=Clinic.objects.get(slug="tempe"), article=shared_article(), hidden=True)
    article = shared_article()
    article.title = "Retitled"
    approve_and_publish(article)
    block = ContactBlock.objects.get(clinic__slug="peoria", locale__language_code="en")
    block.phone = "+1 623 555 0100"
    block.save_revision().publish()
    relayed()
    rules = current_rules()
    structure = rules.structure
    for clinic in structure.clinics.values():
        expected = (
            articles_served(clinic=clinic, rules=rules, keys=None)
            | disclaimers_served(clinic=clinic, rules=rules, keys=None)
            | contact_served(clinic=clinic, rules=rules)
            | clinic_served(clinic=clinic)
        )
        recorded = {
            (row.kind, row.key, row.locale): row.fingerprint for row in ServedState.objects.filter(clinic_id=clinic.pk)
        }
        assert recorded == {identity: state.fingerprint for identity, state in expected.items()}, clinic.slug
    assert record_clinic_changes(subjects={"everything"}) == []  # a full comparison finds nothing untold


@pytest.mark.parametrize("revoke", ["rejected", "deleted"])
def test_an_approval_revoked_withdraws_the_article_from_the_api_and_tells_its_clinic(
    revoke, network_api, django_capture_on_commit_callbacks
):
    article = phoenix_own_article()
    path = f"/api/v1/clinics/phoenix/articles/{article.slug}/"
    assert network_api.get(path).status_code == 200  # cached now
    review = article.live_review
    with django_capture_on_commit_callbacks(execute=True):
        if revoke == "deleted":
            review.delete()
        else:
            review.decision = review.REJECTED
            review.save()
    assert network_api.get(path).status_code == 404
    changes = relayed()
    assert [(change.clinic.slug, change.type, change.data["reason"]) for change in changes] == [
        ("phoenix", "article.withdrawn", "not_approved")
    ]


def test_the_daily_command_tells_what_fell_due_and_nothing_twice():
    import io

    from django.core.management import call_command

    article = phoenix_own_article()
    soon = article.live_review.next_review_due - datetime.timedelta(days=1)
    with time_machine.travel(noon_on(soon)):
        first, second = io.StringIO(), io.StringIO()
        call_command("check_review_dates", stdout=first)
        call_command("check_review_dates", stdout=second)
    assert int(first.getvalue().split()[0]) >= 1
    assert second.getvalue().startswith("0 change(s)")


def test_a_bulk_unpublish_in_the_admin_withdraws_the_article_at_once_and_tells_its_clinic(
    admin_client, network_api, django_capture_on_commit_callbacks
):
    """The bulk action saves the base Page: only Wagtail's page_unpublished names the article
    (regression: the cached answer stayed up and no clinic heard of it)."""
    from django.urls import reverse

    article = phoenix_own_article()
    path = f"/api/v1/clinics/phoenix/articles/{article.slug}/"
    assert network_api.get(path).status_code == 200  # cached now
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "unpublish")) + f"?id={article.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"include_descendants": False})
    assert response.status_code in (200, 302)
    assert not ArticlePage.objects.get(pk=article.pk).live
    assert network_api.get(path).status_code == 404
    assert [(change.clinic.slug, change.type, change.data["reason"]) for change in relayed()] == [
        ("phoenix", "article.withdrawn", "unpublished")
    ]


def test_an_article_past_its_expiry_is_withdrawn_by_publish_scheduled(network_api, django_capture_on_commit_callbacks):
    from django.core.management import call_command
    from django.utils import timezone

    article = phoenix_own_article()
    path = f"/api/v1/clinics/phoenix/articles/{article.slug}/"
    ArticlePage.objects.filter(pk=article.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    assert network_api.get(path).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    assert network_api.get(path).status_code == 404
    assert told(relayed()) == {("phoenix", "article.withdrawn")}


def test_a_clinic_without_the_default_locale_is_still_told_of_the_default_versions_it_is_answered():
    """Tempe serves Spanish only: a request naming no locale, or falling back, gets the English
    versions, so their withdrawal must reach Tempe (regression: told "moved", then nothing)."""
    from wagtail.models import Locale

    tempe = Clinic.objects.get(slug="tempe")
    tempe.locales.set([Locale.objects.get(language_code="es")])
    assert relayed() == [] or all(change.type != "article.withdrawn" for change in relayed())
    article = shared_article()
    article.unpublish()
    assert ("tempe", "article.withdrawn") in told(relayed())


def test_a_disclaimer_deleted_with_its_translations_tells_the_clinics_showing_it():
    disclaimer = Disclaimer.objects.filter(locale__language_code="en", live=True).first()
    Disclaimer.objects.filter(translation_key=disclaimer.translation_key).delete()
    changes = relayed()
    assert {change.type for change in changes} == {"disclaimer.changed"}
    assert {change.clinic.slug for change in changes} == ALL_CLINICS


def test_a_picture_deleted_under_an_article_tells_every_clinic_showing_it():
    from wagtail.images import get_image_model

    from tests.api.test_reviewed_media_and_html import library, network_images, png
    from tests.factories import ArticlePageFactory

    image = get_image_model()(title="Reviewed picture", collection=network_images())
    image.file = png((10, 120, 200))
    image.save()
    body = [{"type": "image", "value": {"image": image.pk, "alt_text": "A calm room", "caption": ""}}]
    approve_and_publish(ArticlePageFactory(parent=library(), slug="pictured", body=body))
    relayed()
    get_image_model().objects.get(pk=image.pk).delete()
    assert told(relayed()) == {(slug, "article.updated") for slug in ALL_CLINICS}


def test_the_networks_canonical_site_tells_every_clinic_of_its_shared_articles():
    from network.models import DeliverySettings

    settings = DeliverySettings.load()
    settings.canonical_mode = DeliverySettings.CANONICAL_NETWORK
    settings.canonical_base_url = "https://www.ketamine-network.example.com"
    settings.save()
    changes = relayed()
    assert told(changes) == {(slug, "article.updated") for slug in ALL_CLINICS}
    assert SHARED in {change.data["slug"] for change in changes}


def test_a_new_pin_order_tells_its_clinic_of_both_articles():
    peoria = Clinic.objects.get(slug="peoria")
    first, second = (
        ArticlePage.objects.live().descendant_of(shared_article().get_parent()).filter(locale__language_code="en")[:2]
    )
    pins = [
        SharedArticleOverride.objects.create(clinic=peoria, article=article, pinned=True, pin_order=order)
        for order, article in enumerate((first, second))
    ]
    relayed()
    pins[0].pin_order, pins[1].pin_order = 1, 0
    for pin in pins:
        pin.save()
    changes = relayed()
    assert told(changes) == {("peoria", "article.updated")}
    assert {change.data["slug"] for change in changes} == {first.slug, second.slug}
