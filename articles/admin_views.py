"""Admin views of clinics' local texts of shared articles: confirming that a text still fits its
changed shared article, and the "Overrides out of date" report."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from clinics.permissions import clinics_for, is_clinic_editor
from network.models import SharedLibraryPage

from .models import ArticlePage, LocalArticleText, SharedArticleOverride, describe_drift, drift_of, out_of_date
from .overrides import confirm


def local_text_policy() -> ModelPermissionPolicy:
    """The model's permission policy: scoped to the user's clinics (``clinics.permissions``)."""
    return policy_registry.get_by_type(LocalArticleText)


def texts_of(user):
    """The local texts the user may change: their clinics' (every clinic's for a superuser)."""
    return local_text_policy().instances_user_has_any_permission_for(user, ["change"])


def may_see_local_texts(user) -> bool:
    return local_text_policy().user_has_permission(user, "change")


def edit_url(text: LocalArticleText) -> str:
    return reverse(LocalArticleText.snippet_viewset.get_url_name("edit"), args=(text.pk,))  # type: ignore[attr-defined]


class ConfirmLocalTextView(WagtailAdminTemplateMixin, TemplateView):
    """ "It still fits": the clinic's editor confirms an approved local text against the shared
    article as served now (a page asking first, then a POST)."""

    template_name = "articles/confirm_local_text.html"
    page_title = "Confirm your local text"
    header_icon = "tick"

    def dispatch(self, request, pk):
        self.text = get_object_or_404(texts_of(request.user).select_related("article", "clinic"), pk=pk)
        if not local_text_policy().user_has_permission_for_instance(request.user, "change", self.text):
            raise Http404("No such local text among your clinic's.")
        self.drift = drift_of(self.text)
        if self.drift is None:
            messages.info(request, "This local text already matches the shared article as served.")
            return redirect(edit_url(self.text))
        return super().dispatch(request, pk)

    def post(self, request, pk):
        confirm(self.text, user=request.user)
        messages.success(request, f"Confirmed: '{self.text}' still fits the shared article.")
        return redirect(edit_url(self.text))

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": edit_url(self.text), "label": str(self.text)},
            {"url": "", "label": "Confirm"},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(text=self.text, drift=self.drift, edit_url=edit_url(self.text))
        return context


class OverridesOutOfDateReport(WagtailAdminTemplateMixin, TemplateView):
    """The user's clinics' approved local texts whose shared article changed since."""

    template_name = "articles/overrides_out_of_date.html"
    page_title = "Overrides out of date"
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_local_texts(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        texts = out_of_date(texts_of(self.request.user)).select_related(
            "clinic", "article__locale", "article__live_review", "live_review", "confirmed_by"
        )
        rows = []
        for text in texts.order_by("clinic__name", "article__title", "pk")[:500]:
            rows.append({"text": text, "drift": describe_drift(text), "edit_url": edit_url(text)})
        context["rows"] = rows
        return context


class InitialFromQuery:
    """A create view whose clinic and article start as the query string names them (``?clinic=3&article=12``),
    as the shared library's links do; anything else in the query is ignored, and the form still
    validates what is posted."""

    def get_initial(self):
        initial = super().get_initial()
        for name in ("clinic", "article"):
            value = self.request.GET.get(name, "")
            if value.isdigit():
                initial[name] = int(value)
        return initial


@dataclass(frozen=True)
class LibraryRow:
    article: ArticlePage
    history_url: str
    override_url: str  # the clinic's hide-or-pin override: its edit view, else its add view
    override: str  # what it does now: "", "hidden", "pinned"
    local_text_url: str  # the clinic's local text of this version: its edit view, else its add view
    has_local_text: bool


class SharedLibraryView(WagtailAdminTemplateMixin, TemplateView):
    """The shared library as a clinic's editors read it: every shared article (searchable, a page
    at a time), its history and comparisons, and their clinic's override and local text of it."""

    template_name = "articles/shared_library.html"
    page_title = "Shared library"
    header_icon = "doc-full-inverse"
    per_page = 25

    def dispatch(self, request, *args, **kwargs):
        """For a clinic's editors (administrators have the page explorer); an editor of several
        clinics picks one with ``?clinic=<slug>``."""
        if not is_clinic_editor(request.user):
            raise PermissionDenied
        theirs = clinics_for(request.user).order_by("name")
        self.clinic = theirs.filter(slug=request.GET.get("clinic", "")).first() or theirs.first()
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:200]
        articles = ArticlePage.objects.filter(shared_articles_in(self.clinic)).select_related("locale")
        if query:
            articles = articles.filter(title__icontains=query)
        page = Paginator(articles.order_by("title", "pk"), self.per_page).get_page(self.request.GET.get("p"))
        shown = list(page.object_list)
        keys = {article.translation_key for article in shown}
        overrides = {
            override.article.translation_key: override
            for override in SharedArticleOverride.objects.filter(
                clinic=self.clinic, article__translation_key__in=keys
            ).select_related("article")
        }
        texts = dict(
            LocalArticleText.objects.filter(clinic=self.clinic, article__in=shown).values_list("article_id", "pk")
        )
        override_urls = SharedArticleOverride.snippet_viewset  # type: ignore[attr-defined]
        text_urls = LocalArticleText.snippet_viewset  # type: ignore[attr-defined]
        rows = []
        for article in shown:
            override = overrides.get(article.translation_key)
            add = f"?clinic={self.clinic.pk}&article={article.pk}"
            rows.append(
                LibraryRow(
                    article=article,
                    history_url=reverse("wagtailadmin_pages:history", args=(article.pk,)),
                    override_url=reverse(override_urls.get_url_name("edit"), args=(override.pk,))
                    if override
                    else reverse(override_urls.get_url_name("add")) + add,
                    override="hidden"
                    if override and override.hidden
                    else "pinned"
                    if override and override.pinned
                    else "",
                    local_text_url=reverse(text_urls.get_url_name("edit"), args=(texts[article.pk],))
                    if article.pk in texts
                    else reverse(text_urls.get_url_name("add")) + add,
                    has_local_text=article.pk in texts,
                )
            )
        context.update(clinic=self.clinic, rows=rows, page=page, query=query)
        return context


def shared_articles_in(clinic) -> Q:
    """The shared library's articles in the languages the clinic serves."""
    in_library = Q()
    locales = list(clinic.locales.values_list("pk", flat=True))
    for library in SharedLibraryPage.objects.filter(locale_id__in=locales):
        in_library |= Q(path__startswith=library.path, depth__gt=library.depth)
    return in_library if in_library else Q(pk__in=[])
