"""Factories for content the tests add on top of the demo network."""

import factory
import wagtail_factories
from wagtail.models import Locale

from articles.models import ArticlePage


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
    live = False

    class Meta:
        model = ArticlePage


def publish_article(article: ArticlePage) -> ArticlePage:
    article.save_revision().publish()
    article.refresh_from_db()
    return article
