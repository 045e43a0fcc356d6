"""The durable record of changes (the outbox): written in the change's own transaction, gone with
a rollback, and one wake-up of the relay per commit however many changes it recorded."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from articles.models import ArticlePage
from network.models import ContentChange
from network.speed.invalidation import replay_pending

pytestmark = pytest.mark.django_db

SHARED = "what-is-ketamine-infusion-therapy"
RELAY_TASK = "changes.tasks.relay_changes"


def relay_wake_ups() -> int:
    return DBTaskResult.objects.filter(task_path=RELAY_TASK).count()


def test_a_publish_records_its_change_and_wakes_the_relay_once(django_capture_on_commit_callbacks):
    article = ArticlePage.objects.get(slug=SHARED, locale__language_code="en")
    before = ContentChange.objects.filter(relayed=False).count()
    wake_ups = relay_wake_ups()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        article.save_revision().publish()
    recorded = ContentChange.objects.filter(relayed=False).count() - before
    assert recorded >= 2  # the article's own record and its review pointer's, among others
    assert f"content:{article.translation_key}" in {
        subject for change in ContentChange.objects.filter(relayed=False) for subject in change.subjects
    }
    assert relay_wake_ups() == wake_ups + 1
    # Django's on-commit list is read to enqueue one wake-up (network.speed.invalidation): it
    # still holds (savepoint ids, callable, robust) entries, or this count would differ.
    assert sum(1 for callback in callbacks if callback.__name__ == "_announce") == 1


def test_a_change_rolled_back_leaves_no_record_and_wakes_nobody(django_capture_on_commit_callbacks):
    article = ArticlePage.objects.get(slug=SHARED, locale__language_code="en")
    before = ContentChange.objects.count()
    wake_ups = relay_wake_ups()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        article.unpublish()
        raise RuntimeError("the request failed after the change")
    assert ContentChange.objects.count() == before
    assert relay_wake_ups() == wake_ups


def test_a_bumped_record_waits_for_the_relay_and_is_not_bumped_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(slug=SHARED, locale__language_code="en").unpublish()
    assert ContentChange.objects.filter(bumped=True, relayed=False).exists()
    assert not ContentChange.objects.filter(bumped=False).exists()
    assert replay_pending() == 0
