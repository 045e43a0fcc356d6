"""Admin registration of article categories, clinics' overrides of shared articles, the article
pages' history and comparison open to medical reviewers, and what an approval reaches."""

from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView
from wagtail.snippets.views.snippets import SnippetViewSet

from clinics.permissions import (
    ClinicScopedChooserViewSet,
    clinic_filter,
    is_clinic_editor,
    scope_to_clinic,
    scoped_listing,
)
from network.admin_views import (
    ReviewerPageHistoryView,
    ReviewerPageRevisionsCompareView,
    ReviewerSnippetHistoryView,
    ReviewerSnippetRevisionsCompareView,
)
from network.editor_admin import (
    NextReviewDueColumn,
    ReviewedPageViewSet,
    ReviewedSnippetCollectWorkflowActionDataView,
    ReviewedSnippetCreateView,
    ReviewedSnippetEditView,
    ReviewedSnippetIndexView,
    ReviewedSnippetWorkflowActionView,
    ReviewStatusColumn,
)
from network.review import REACH_HOOK
from network.review_flags import FLAGS_HOOK, FlagToAcknowledge, flags_to_acknowledge
from network.templatetags.medical_review import APPROVAL_SECTIONS_HOOK

from .admin_views import (
    ConfirmLocalTextView,
    InitialFromQuery,
    OverridesOutOfDateReport,
    SharedLibraryView,
    may_see_local_texts,
    texts_of,
)
from .claims.checker import prepare_in_background
from .claims.panels import flag_rows, rows_of
from .claims_views import check_claims, check_new_claims
from .dashboard import work_of
from .import_views import ImportArticlesView, may_import
from .models import (
    ArticleCategory,
    ArticlePage,
    LocalArticleText,
    SharedArticleOverride,
    is_shared_article,
    out_of_date,
)
from .overrides import CONFIRM_ACTION
from .selectors import reach_of_approval


class SharedArticlesOpenToClinicEditors:
    """A shared article's history and revision comparisons, read-only, open to clinic editors:
    they compare what changed in the master of their local texts."""

    def opened_to_reviewer(self, obj=None) -> bool:
        if isinstance(obj, Page) and is_clinic_editor(self.request.user) and is_shared_article(article=obj):
            return True
        return super().opened_to_reviewer(obj)


class ArticleHistoryView(SharedArticlesOpenToClinicEditors, ReviewerPageHistoryView):
    pass


class ArticleRevisionsCompareView(SharedArticlesOpenToClinicEditors, ReviewerPageRevisionsCompareView):
    def get_edit_url(self):
        # Wagtail links the page's edit view for anyone with a page right somewhere: a clinic
        # editor comparing a shared article would meet a permission error there.
        if self.object.permissions_for_user(self.request.user).can_edit():
            return super().get_edit_url()
        return None


class ArticlePageViewSet(ReviewedPageViewSet):
    """Articles' edit, create and revert views, their history and comparisons (open to medical
    reviewers), and the explorer of the library and clinic trees."""

    model = ArticlePage
    history_view_class = ArticleHistoryView
    revisions_compare_view_class = ArticleRevisionsCompareView


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


class OverrideCreateView(InitialFromQuery, SnippetCreateView):
    pass


class LocalTextCreateView(InitialFromQuery, ReviewedSnippetCreateView):
    pass


class SharedArticleOverrideViewSet(SnippetViewSet):
    model = SharedArticleOverride
    icon = "view"
    menu_label = "Shared article overrides"
    list_display = ["clinic", "article", "hidden", "pinned", "pin_order"]
    filterset_class = SharedArticleOverrideFilterSet
    add_view_class = OverrideCreateView
    chooser_viewset_class = ClinicScopedChooserViewSet

    def get_queryset(self, request):
        return scoped_listing(self, request).select_related("clinic", "article")


class LocalArticleTextFilterSet(WagtailFilterSet):
    clinic = clinic_filter()

    class Meta:
        model = LocalArticleText
        fields = ["clinic", "live"]


scope_to_clinic(LocalArticleText)  # a clinic's editors see and change their clinic's local texts only


class LocalArticleTextViewSet(SnippetViewSet):
    """A clinic's introduction and call to action around a shared article, per locale: reviewed
    like every medical text (submitted, never published by its editors)."""

    model = LocalArticleText
    icon = "edit"
    menu_label = "Local texts of shared articles"
    list_display = ["article", "clinic", ReviewStatusColumn(), NextReviewDueColumn()]
    filterset_class = LocalArticleTextFilterSet
    chooser_viewset_class = ClinicScopedChooserViewSet
    history_view_class = ReviewerSnippetHistoryView
    revisions_compare_view_class = ReviewerSnippetRevisionsCompareView
    index_view_class = ReviewedSnippetIndexView
    add_view_class = LocalTextCreateView
    edit_view_class = ReviewedSnippetEditView
    workflow_action_view_class = ReviewedSnippetWorkflowActionView
    collect_workflow_action_data_view_class = ReviewedSnippetCollectWorkflowActionDataView

    def get_queryset(self, request):
        return scoped_listing(self, request).select_related("clinic", "article__locale")


register_snippet(ArticleCategoryViewSet)
register_snippet(SharedArticleOverrideViewSet)
register_snippet(LocalArticleTextViewSet)


@hooks.register("register_admin_urls")
def register_override_urls():
    return [
        path("articles/import/", ImportArticlesView.as_view(), name="articles_import"),
        path("articles/<int:page_id>/claims/", check_claims, name="articles_check_claims"),
        path("articles/new-under/<int:parent_id>/claims/", check_new_claims, name="articles_check_new_claims"),
        path("local-texts/<int:pk>/confirm/", ConfirmLocalTextView.as_view(), name="articles_confirm_local_text"),
        path(
            "reports/overrides-out-of-date/", OverridesOutOfDateReport.as_view(), name="articles_overrides_out_of_date"
        ),
        path("shared-library/", SharedLibraryView.as_view(), name="articles_shared_library"),
    ]


class SharedLibraryMenuItem(MenuItem):
    def is_shown(self, request):
        return is_clinic_editor(request.user)


@hooks.register("register_admin_menu_item")
def register_shared_library_menu_item():
    return SharedLibraryMenuItem(
        "Shared library", reverse("articles_shared_library"), icon_name="doc-full-inverse", order=150
    )


class ImportArticlesMenuItem(MenuItem):
    def is_shown(self, request):
        return may_import(request.user)


@hooks.register("register_admin_menu_item")
def register_import_articles_menu_item():
    return ImportArticlesMenuItem("Import articles", reverse("articles_import"), icon_name="upload", order=160)


class OverridesReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_local_texts(request.user)


@hooks.register("register_reports_menu_item")
def register_overrides_report_menu_item():
    return OverridesReportMenuItem(
        "Overrides out of date", reverse("articles_overrides_out_of_date"), icon_name="warning", order=60
    )


class OverridesOutOfDatePanel(Component):
    """On the admin home of those who write local texts: how many are out of date."""

    name = "overrides_out_of_date"
    template_name = "articles/home_overrides_panel.html"
    order = 60

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        return {
            "count": out_of_date(texts_of(self.user)).count(),
            "report_url": reverse("articles_overrides_out_of_date"),
        }


class ClinicWorkPanel(Component):
    """On a clinic editor's admin home: their clinic's work in progress (``articles.dashboard``)."""

    name = "clinic_work"
    template_name = "articles/home_clinic_work_panel.html"
    order = 40

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        return {"works": work_of(self.user), "report_url": reverse("articles_overrides_out_of_date")}


@hooks.register("construct_homepage_panels")
def add_clinic_work_panels(request, panels):
    if is_clinic_editor(request.user):
        panels.append(ClinicWorkPanel(request.user))
    elif may_see_local_texts(request.user):
        panels.append(OverridesOutOfDatePanel(request.user))


@hooks.register("register_log_actions")
def register_override_log_actions(actions):
    actions.register_action(CONFIRM_ACTION, "Local text confirmed", "Confirmed: still fits the changed shared article")


@hooks.register(REACH_HOOK)
def describe_reach(content):
    return reach_of_approval(content=content)


def claims_checked_types() -> set[int]:
    """The content types whose revisions the claims checker reads: articles and local texts."""
    return {ContentType.objects.get_for_model(model).pk for model in (ArticlePage, LocalArticleText)}


@hooks.register(APPROVAL_SECTIONS_HOOK)
def claims_section(*, task_state, request) -> str:
    """The approve step's "Claim checks": the flags of the article revision under review, high first."""
    revision = task_state.revision
    if revision is None or revision.content_type_id not in claims_checked_types():
        return ""
    claims = flag_rows(revision.as_object())
    high = len(flags_to_acknowledge(revision=revision))
    claims["groups"] = [(severity, rows) for severity, rows in claims["groups"] if severity != "high"]
    context = {"claims": claims, "high": high}
    return render_to_string("articles/claims/approval.html", context, request=request)


@hooks.register(FLAGS_HOOK)
def high_severity_flags(*, revision) -> list[FlagToAcknowledge]:
    """What a reviewer answers before approving an article or local text revision: its
    high-severity claim flags."""
    if revision.content_type_id not in claims_checked_types():
        return []
    return [
        FlagToAcknowledge(
            rule=row.rule, category=row.category, sentence=row.sentence, where=row.where, why=row.why, source=row.source
        )
        for row in rows_of(revision.as_object())
        if row.severity == "high"
    ]


@hooks.register("insert_editor_js")
def claims_panel_js():
    """The Claim checks panel's checking as the editor types."""
    return format_html('<script src="{}" defer></script>', static("articles/claims_panel.js"))


@hooks.register("construct_main_menu")
def prepare_claims_checker(request, menu_items):
    """The first admin page a process renders starts training the claims classifier, in a thread
    (see ``prepare_in_background``); the menu itself is unchanged."""
    prepare_in_background()
