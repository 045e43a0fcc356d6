"""Factories for content the tests add on top of the demo network."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from wagtail.models import Locale

from articles.models import ArticlePage
from network.review import decide_review, submit_for_review


def demo_disclaimer(*, locale):
    from network.models import Disclaimer

    return Disclaimer.objects.filter(locale=locale).order_by("pk").first()


class ArticlePageFactory(wagtail_factories.PageFactory):
    """An article with a short body; pass ``parent`` and publish it with ``publish_article``."""

    title = factory.Sequence(lambda n: f"Test article {n}")
    slug = factory.Sequence(lambda n: f"test-article-{n}")
    summary = "A short test summary."
    body = factory.LazyFunction(
        lambda: [
            {"type": "heading", "value": {"text": "About this test", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Test paragraph.</p>"},
            {"type": "contact", "value": {"heading": "Talk to us"}},
        ]
    )
    locale = factory.LazyFunction(Locale.get_default)
    # The demo network's disclaimer in the article's language, as every real article has one
    # (without it the article has a high-severity "no disclaimer" flag to acknowledge).
    disclaimer = factory.LazyAttribute(lambda article: demo_disclaimer(locale=article.locale))
    live = False

    class Meta:
        model = ArticlePage


def approve_and_publish(content, *, editor=None, reviewer=None):
    """Save a revision, submit it for medical review and approve it, as the demo editor and reviewer."""
    User = get_user_model()
    editor = editor or User.objects.get(username="editor")
    reviewer = reviewer or User.objects.get(username="reviewer")
    content.save_revision(user=editor)
    submit_for_review(content=content, user=editor)
    decide_review(
        content=content,
        user=reviewer,
        approve=True,
        comment="Approved in a test.",
        acknowledge_every_flag="Acknowledged in a test.",
    )
    content.refresh_from_db()
    return content


publish_article = approve_and_publish


def approval_data(task_state, comment: str = "") -> dict:
    """What the approve form posts: the comment and an answer to each high-severity claim flag."""
    from network.review_flags import answers_to_every_flag

    return {
        "comment": comment,
        **answers_to_every_flag(revision=task_state.revision, comment="Acknowledged in a test."),
    }


def second_arizona_clinic(*, frontend_base_url: str):
    """A clinic beside the demo network's, in Phoenix's locales, with its site and home pages:
    where content or a contact block can move to."""
    from clinics.models import Clinic
    from clinics.services import ensure_clinic_tree

    clinic = Clinic.objects.create(
        slug="mesa-example", name="Example Mesa Clinic", city="Mesa", state="AZ", frontend_base_url=frontend_base_url
    )
    clinic.locales.set(Clinic.objects.get(slug="phoenix").locales.all())
    ensure_clinic_tree(clinic=clinic)
    return clinic


def local_text_of(*, clinic_slug: str, article, introduction: str = "", call_to_action: str = "", approve: bool = True):
    """A clinic's local text of a shared article, written by that clinic's demo editor where there
    is one; submitted and approved by the demo reviewer unless ``approve`` is false (then a draft)."""
    from articles.models import LocalArticleText
    from clinics.models import Clinic

    User = get_user_model()
    clinic = Clinic.objects.get(slug=clinic_slug)
    author = User.objects.filter(username=f"{clinic_slug}-editor").first() or User.objects.get(username="editor")
    text = LocalArticleText.objects.create(
        clinic=clinic, article=article, introduction=introduction, call_to_action=call_to_action, live=False
    )
    if approve:
        return approve_and_publish(text, editor=author)
    text.save_revision(user=author)
    return text
