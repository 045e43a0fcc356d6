"""The admin's "Import articles": an editor uploads article files (plain text, Markdown, saved
HTML pages) and gets draft articles where they may add articles (their own clinic only, for a
clinic's editors), with the same report per file as ``import_articles``. Each file is imported
whole or not at all; a refused file says why and leaves the others imported."""

import logging
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.models import Locale, Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from clinics.permissions import clinics_for
from clinics.services import clinic_homes

from .claims.checker import ClaimReport
from .importing import (
    MAX_BYTES,
    ImportResult,
    ParsedArticle,
    UnreadableFile,
    claims_of,
    import_article,
    parse_uploaded_article,
)
from .models import ArticlePage, library_for

logger = logging.getLogger(__name__)

MAX_FILES = 20


@dataclass(frozen=True)
class ImportDestination:
    """Where imported drafts go: the shared library or a clinic's home, in one language."""

    key: str
    label: str
    parent: Page


def import_destinations_for(user) -> list[ImportDestination]:
    """The libraries and clinic homes the user may add articles under, in every language."""
    candidates: list[tuple[str, str, Page]] = []
    for locale in Locale.objects.order_by("language_code"):
        library = library_for(locale=locale)
        if library is not None:
            candidates.append((f"library-{locale.language_code}", "Shared library", library))
    for clinic in clinics_for(user).select_related("site__root_page").order_by("name"):
        for home in clinic_homes(clinic=clinic):
            candidates.append((f"clinic-{clinic.slug}-{home.locale.language_code}", clinic.name, home))
    return [
        ImportDestination(key=key, label=f"{label} ({parent.locale.get_display_name()})", parent=parent)
        for key, label, parent in candidates
        if ArticlePage.can_create_at(parent) and parent.permissions_for_user(user).can_add_subpage()
    ]


def may_import(user) -> bool:
    """Cheap enough for the menu: whether the user may add pages anywhere (the view checks where)."""
    return user.is_active and PagePermissionPolicy().user_has_permission(user, "add")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ArticleFilesField(forms.FileField):
    """One or more uploaded files, each refused only at import (so the others still import)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        if not files:
            raise ValidationError("Choose one or more article files.")
        if len(files) > MAX_FILES:
            raise ValidationError(f"At most {MAX_FILES} files at a time; you chose {len(files)}.")
        # Each file is checked when it is imported (an empty one is refused there, by name), so
        # that one bad file does not refuse the others.
        return files


class ImportArticlesForm(forms.Form):
    destination = forms.ChoiceField(
        label="Import into", help_text="Drafts are created here, unpublished: each must pass medical review."
    )
    files = ArticleFilesField(
        label="Article files",
        help_text=(
            "Plain text (.txt), Markdown (.md) or web pages saved as HTML (.html), UTF-8, "
            f"up to {MAX_BYTES // 1_000_000} MB each and {MAX_FILES} at a time. Importing a file again "
            "updates the draft it made."
        ),
        widget=MultipleFileInput(attrs={"accept": ".txt,.text,.md,.markdown,.html,.htm", "multiple": True}),
    )

    def __init__(self, *args, destinations: list[ImportDestination], **kwargs):
        super().__init__(*args, **kwargs)
        self.destinations = {destination.key: destination for destination in destinations}
        self.fields["destination"].choices = [(d.key, d.label) for d in destinations]
        self.fields["destination"].error_messages["invalid_choice"] = (
            "You cannot import there: choose one of the places listed."
        )

    def clean_destination(self) -> ImportDestination:
        return self.destinations[self.cleaned_data["destination"]]


@dataclass
class FileReport:
    """What became of one file: its draft and report, or why it was refused."""

    name: str
    refused: str = ""
    parsed: ParsedArticle | None = None
    result: ImportResult | None = None
    claims: ClaimReport | None = None
    edit_url: str = ""

    @property
    def blocks(self) -> str:
        """ "Paragraph 5, heading 2, bulleted list 1"."""
        counts = self.parsed.block_counts if self.parsed else {}
        return ", ".join(f"{kind.replace('_', ' ')} {count}" for kind, count in sorted(counts.items())).capitalize()


def import_upload(*, upload, destination: ImportDestination, user) -> FileReport:
    report = FileReport(name=upload.name)
    try:
        if upload.size > MAX_BYTES:
            raise UnreadableFile(f"Too large ({upload.size:,} bytes; at most {MAX_BYTES:,}).")
        parsed = parse_uploaded_article(name=upload.name, raw=upload.read())
        result = import_article(
            parsed=parsed,
            parent=destination.parent,
            locale=destination.parent.locale,
            user=user,
            source_name=Path(upload.name).name,
        )
    except UnreadableFile as error:
        report.refused = str(error)
        return report
    except ValidationError as error:
        report.refused = "; ".join(error.messages)
        return report
    except Exception:  # one file's failure must not lose the others, nor show a 500
        logger.exception("Import of %s failed", upload.name)
        report.refused = "It could not be imported (an unexpected error, logged for the administrators)."
        return report
    report.parsed, report.result = parsed, result
    report.claims = claims_of(parsed=parsed, locale=destination.parent.locale)
    report.edit_url = reverse("wagtailadmin_pages:edit", args=(result.page.pk,))
    return report


class ImportArticlesView(WagtailAdminTemplateMixin, FormView):
    template_name = "articles/import_articles.html"
    page_title = "Import articles"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        self.destinations = import_destinations_for(request.user) if request.user.is_authenticated else []
        if not self.destinations:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "destinations": self.destinations}

    def form_valid(self, form):
        destination = form.cleaned_data["destination"]
        reports = [
            import_upload(upload=upload, destination=destination, user=self.request.user)
            for upload in form.cleaned_data["files"]
        ]
        fresh = self.get_form_class()(destinations=self.destinations, initial={"destination": destination.key})
        context = self.get_context_data(form=fresh, reports=reports, destination=destination)
        context["imported"] = sum(1 for report in reports if not report.refused)
        context["refused"] = sum(1 for report in reports if report.refused)
        return self.render_to_response(context)

    def get_form_class(self):
        return ImportArticlesForm
