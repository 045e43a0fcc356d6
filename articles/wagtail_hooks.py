"""Admin registration of article categories and clinics' overrides of shared articles."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from network.editor_admin import ReviewedPageViewSet

from .models import ArticleCategory, ArticlePage, SharedArticleOverride


class ArticlePageViewSet(ReviewedPageViewSet):
    """Articles' edit, create and revert views, and the explorer of the library and clinic trees."""

    model = ArticlePage


@hooks.register("register_admin_viewset")
def register_article_viewset():
    return ArticlePageViewSet()


class ArticleCategoryViewSet(SnippetViewSet):
    model = ArticleCategory
    icon = "tag"
    menu_label = "Categories"
    add_to_settings_menu = False
    list_display = ["name", "slug", "locale"]
    list_filter = ["locale"]


class SharedArticleOverrideViewSet(SnippetViewSet):
    model = SharedArticleOverride
    icon = "view"
    menu_label = "Shared article overrides"
    list_display = ["clinic", "article", "hidden"]
    list_filter = ["clinic", "hidden"]


register_snippet(ArticleCategoryViewSet)
register_snippet(SharedArticleOverrideViewSet)
