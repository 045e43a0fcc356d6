"""Admin registration of article categories, clinics' overrides of shared articles, the article
pages' history and comparison open to medical reviewers, and what an approval reaches."""

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from clinics.permissions import ClinicScopedChooserViewSet, clinic_filter, scope_to_clinic, scoped_listing
from network.editor_admin import ReviewedPageViewSet
from network.review import REACH_HOOK

from .models import ArticleCategory, ArticlePage, SharedArticleOverride
from .selectors import reach_of_approval


class ArticlePageViewSet(ReviewedPageViewSet):
    """Articles' edit, create and revert views, their history and comparisons (open to medical
    reviewers), and the explorer of the library and clinic trees."""

    model = ArticlePage


@hooks.register("register_admin_viewset")
def register_article_page_viewset():
    return ArticlePageViewSet("article_pages")


class ArticleCategoryViewSet(SnippetViewSet):
    model = ArticleCategory
    icon = "tag"
    menu_label = "Categories"
    add_to_settings_menu = False
    list_display = ["name", "slug", "locale"]
    list_filter = ["locale"]


class SharedArticleOverrideFilterSet(WagtailFilterSet):
    clinic = clinic_filter()

    class Meta:
        model = SharedArticleOverride
        fields = ["clinic", "hidden"]


scope_to_clinic(SharedArticleOverride)  # a clinic's editors see and change their clinic's overrides only


class SharedArticleOverrideViewSet(SnippetViewSet):
    model = SharedArticleOverride
    icon = "view"
    menu_label = "Shared article overrides"
    list_display = ["clinic", "article", "hidden"]
    filterset_class = SharedArticleOverrideFilterSet
    chooser_viewset_class = ClinicScopedChooserViewSet

    def get_queryset(self, request):
        return scoped_listing(self, request).select_related("clinic", "article")


register_snippet(ArticleCategoryViewSet)
register_snippet(SharedArticleOverrideViewSet)


@hooks.register(REACH_HOOK)
def describe_reach(content):
    return reach_of_approval(content=content)
