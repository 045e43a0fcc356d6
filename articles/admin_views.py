"""Admin views of clinics' local texts of shared articles: confirming that a text still fits its
changed shared article, and the "Overrides out of date" report."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from .models import LocalArticleText
from .overrides import confirm, describe_drift, drift_of, out_of_date


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
