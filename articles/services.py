"""Writes for articles: creating an article or its translation from plain data."""

from typing import Any

from django.db import transaction
from wagtail.models import Locale, Page, Revision

from network.models import Disclaimer

from .models import ArticleCategory, ArticlePage

ARTICLE_FIELDS = ("title", "summary", "seo_title", "search_description")


@transaction.atomic
def create_article_draft(
    *,
    parent: Page,
    data: dict[str, Any],
    categories: list[ArticleCategory],
    disclaimer: Disclaimer | None,
    user=None,
    imported_from: str = "",
) -> tuple[ArticlePage, Revision]:
    """Add an article under ``parent`` and save its first revision, unpublished."""
    article = ArticlePage(
        imported_from=imported_from,
        slug=data["slug"],
        locale=parent.locale,
        body=data["body"],
        disclaimer=disclaimer,
        live=False,
        owner=user,
        **{field: data.get(field, "") for field in ARTICLE_FIELDS},
    )
    parent.add_child(instance=article)
    article.categories.set(categories)
    article.tags.set(data.get("tags", []))
    revision = article.save_revision(user=user, log_action=True)
    return article, revision


@transaction.atomic
def create_article_translation_draft(
    *, article: ArticlePage, locale: Locale, data: dict[str, Any], user=None
) -> tuple[ArticlePage, Revision]:
    """Copy the article into ``locale`` (under the translated parent) with translated text."""
    translation = article.copy_for_translation(locale, copy_parents=True)
    for field in ARTICLE_FIELDS:
        setattr(translation, field, data.get(field, getattr(translation, field)))
    translation.body = data["body"]
    translation.live = False
    translation.save()
    revision = translation.save_revision(user=user, log_action=True)
    return translation, revision
