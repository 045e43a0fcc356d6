"""The admin's Translate views (pages and snippets) and the side-by-side "Compare with source" view.

Translate is wagtail.contrib.simple_translation's, with what it lacks for us: the chosen locales are
checked before anything is copied (a content language, a tree to put a page under that the editor
may add to, a language the snippet's clinic serves, not translated yet), the copy is validated before
it is saved (a second contact block for a clinic and locale, a category slug taken in the locale:
messages, not a 500), and what could not be mapped to the target locale is said at once.
"""

from django import forms
from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.contrib.simple_translation.forms import SubmitTranslationForm
from wagtail.contrib.simple_translation.views import SubmitPageTranslationView, SubmitSnippetTranslationView
from wagtail.models import DraftStateMixin, Locale, Page, TranslatableMixin
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import get_snippet_model_from_url_params

from .admin_views import can_see_review_dashboard
from .translation import compared_parts, create_translations, reference_gaps, source_of, untranslated_parts


def language_of(locale: Locale) -> str:
    return locale.get_display_name() or locale.language_code


class LocalesField(forms.ModelMultipleChoiceField):
    """Simple_translation's locale choices, with a message saying why a locale is not offered."""

    def __init__(self, *args, instance, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance

    def clean(self, value):
        for pk in value or []:
            if not str(pk).isdigit():
                continue
            locale = Locale.objects.filter(pk=pk).first()
            if locale is None:
                raise ValidationError("There is no such locale.", code="invalid_choice")
            if self.instance.has_translation(locale) or locale.pk == self.instance.locale_id:
                raise ValidationError(
                    f"This already has a {language_of(locale)} translation: edit that one instead.",
                    code="invalid_choice",
                )
        return super().clean(value)


class TranslateForm(SubmitTranslationForm):
    def __init__(self, instance, *args, user, **kwargs):
        super().__init__(instance, *args, **kwargs)
        self.instance, self.user = instance, user
        offered = self.fields["locales"]
        self.fields["locales"] = LocalesField(
            queryset=offered.queryset,
            instance=instance,
            label=offered.label,
            help_text=offered.help_text,
            widget=offered.widget,
        )
        if isinstance(instance, Page) and offered.help_text:
            # simple_translation's help text links to "Translate the parent page": a clinic's home
            # or the library, whose translations come with the clinic's languages instead.
            self.fields["locales"].help_text = (
                "A language is disabled where this tree has no version in it: a clinic's tree exists "
                "in the languages the clinic serves (an administrator adds one under Clinics)."
            )

    def clean_locales(self):
        locales = self.cleaned_data["locales"]
        content_languages = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
        errors = []
        for locale in locales:
            language = language_of(locale)
            if locale.language_code not in content_languages:
                errors.append(f"{language} is not one of the network's content languages.")
            elif isinstance(self.instance, Page):
                errors += self.page_refusals(locale, language)
            elif hasattr(self.instance, "translation_refusal"):
                refusal = self.instance.translation_refusal(locale=locale)
                if refusal:
                    errors.append(refusal)
        if errors:
            raise ValidationError(errors)
        return locales

    def page_refusals(self, locale: Locale, language: str) -> list[str]:
        parent = self.instance.get_parent().specific
        if parent.is_root():
            return [
                f"'{self.instance.get_admin_display_title()}' is the top of a tree: its {language} version is made "
                f"with the network's languages (the shared library) or when a clinic gains {language}."
            ]
        translated_parent = parent.get_translation_or_none(locale)
        if translated_parent is None:
            return [
                f"'{parent.get_admin_display_title()}' has no {language} version to put the translation under "
                f"(a clinic's tree exists only in the languages the clinic serves)."
            ]
        if not translated_parent.permissions_for_user(self.user).can_add_subpage():
            return [f"You cannot add pages to the {language} tree of '{translated_parent.get_admin_display_title()}'."]
        return []


class TranslateViewMixin:
    template_name = "network/translate.html"

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return TranslateForm(self.object, data, user=self.request.user)

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None)
        context = super().get_context_data(**kwargs)
        if form is not None:
            context["form"] = form
        context["translations"] = [
            (language_of(translation.locale), edit_url_of(translation))
            for translation in self.object.get_translations().select_related("locale")
        ]
        return context

    def post(self, request, **kwargs):
        form = self.get_form()
        if form.is_valid():
            locales = list(form.cleaned_data["locales"])
            try:
                translated = create_translations(
                    content=self.object,
                    locales=locales,
                    user=request.user,
                    include_subtree=form.cleaned_data["include_subtree"],
                )
            except ValidationError as error:
                form.add_error("locales", error.messages)
            else:
                names = ", ".join(language_of(locale) for locale in locales)
                messages.success(
                    request, f"{self.get_success_message(names)} as a draft: translate it, then submit it."
                )
                for translation in translated:
                    prefix = f"{language_of(translation.locale)}: " if len(translated) > 1 else ""
                    for gap in reference_gaps(content=translation, source=self.object):
                        messages.warning(request, f"{prefix}{gap.where}: {gap.problem}.")
                return redirect(self.get_success_url(translated[0] if len(translated) == 1 else None))
        return self.render_to_response(self.get_context_data(form=form))


class TranslatePageView(TranslateViewMixin, SubmitPageTranslationView):
    pass


class TranslateSnippetView(TranslateViewMixin, SubmitSnippetTranslationView):
    pass


class CompareWithSourceView(TemplateView):
    """A translation beside the source's approved (else live, else draft) text, field by field and
    block by block, with what looks untranslated flagged. For whoever may edit the translation,
    and for medical reviewers."""

    template_name = "network/compare_with_source.html"

    def get_object(self):
        if "page_id" in self.kwargs:
            content = get_object_or_404(Page, pk=self.kwargs["page_id"]).specific
            allowed = content.permissions_for_user(self.request.user).can_edit()
            content = content.get_latest_revision_as_object()
        else:
            model = get_snippet_model_from_url_params(self.kwargs["app_label"], self.kwargs["model_name"])
            if not issubclass(model, TranslatableMixin):
                raise Http404
            content = get_object_or_404(model, pk=unquote(str(self.kwargs["pk"])))
            allowed = policy_registry.get_by_type(model).user_has_permission_for_instance(
                self.request.user, "change", content
            )
            if isinstance(content, DraftStateMixin):
                content = content.get_latest_revision_as_object()
        if not (allowed or can_see_review_dashboard(self.request.user)):
            raise PermissionDenied
        if source_of(content=content) is None:
            raise Http404("This is not a translation.")
        return content

    def get_context_data(self, **kwargs):
        content = self.get_object()
        version, rows = compared_parts(content=content)
        return {
            **super().get_context_data(**kwargs),
            "content": content,
            "source": version,
            "rows": rows,
            "untranslated": untranslated_parts(content=content),
            "source_language": language_of(version.locale),
            "language": language_of(content.locale),
            "edit_url": edit_url_of(content),
        }


def edit_url_of(content) -> str:
    if isinstance(content, Page):
        return reverse("wagtailadmin_pages:edit", args=[content.pk])
    return reverse(content.snippet_viewset.get_url_name("edit"), args=[content.pk])
