"""Articles: one page type for the shared library and for every clinic's own tree, and the tree
rules that the models validate with (which tree an article is in, which slugs clash). The rules
live here, not in ``articles.selectors``, because the selectors import these models."""

import datetime
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils.html import strip_tags
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import DraftStateMixin, Locale, LockableMixin, Page, RevisionMixin, TranslatableMixin, WorkflowMixin
from wagtail.search import index

from clinics.forms import ClinicOwnedForm
from clinics.models import ClinicHomePage
from network.models import MedicalReview, SharedLibraryPage, live_review_field
from network.models.preview import KIND_ARTICLE, KIND_LOCAL_TEXT, HeadlessPreviewMixin
from network.publishing import ReviewedCopyForm, ReviewedPageMixin
from network.review_panels import ReviewStatusPanel
from network.translation_panel import TranslationSourcePanel

from .blocks import ArticleBodyBlock
from .claims.panels import ClaimsPanel
from .panels import MasterChangedPanel


class ArticleCategory(TranslatableMixin, index.Indexed, models.Model):
    """A network-wide category; translated per locale and shared by translation key."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    review_interval_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Review articles of this category more often than the network's interval (months). Optional.",
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("review_interval_months")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = "category"
        verbose_name_plural = "categories"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["slug", "locale"], name="category_slug_unique_per_locale")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # The admin form has no locale field (Wagtail sets it from the URL), so ModelForm
        # validation skips the slug-and-locale constraint; without this, a taken slug is an
        # IntegrityError instead of a message.
        super().clean()
        if (
            self.slug
            and self.locale_id
            and ArticleCategory.objects.filter(slug=self.slug, locale_id=self.locale_id).exclude(pk=self.pk).exists()
        ):
            raise ValidationError(
                {"slug": f"Another category in {self.locale.get_display_name()} already uses this slug."}
            )


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticlePageForm(WagtailAdminPageForm):
    """Keeps article slugs unambiguous for every clinic that would serve them, and categories in
    the article's own language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id or (self.parent_page.locale_id if self.parent_page else None)
        field = self.fields.get("categories")
        if field is not None and locale_id:
            field.queryset = field.queryset.filter(locale_id=locale_id)
            locale = Locale.objects.get(pk=locale_id)
            field.help_text = f"Categories in {locale.get_display_name()}, the article's language."
            field.error_messages["invalid_choice"] = (
                f"Choose categories in {locale.get_display_name()}, the article's language: "
                "%(value)s is not one of them."
            )

    def clean(self):
        cleaned_data = super().clean()
        slug = cleaned_data.get("slug")
        parent = self.parent_page
        if slug and parent is not None:
            conflict = slug_conflicts_for(slug=slug, parent=parent, locale=parent.locale, exclude=self.instance)
            if conflict is not None:
                self.add_error("slug", f"'{conflict.title}' already uses this slug for a clinic that would show both.")
        return cleaned_data


class ArticlePage(HeadlessPreviewMixin, ReviewedPageMixin, Page):
    """A patient-education article, shared (in the library) or a clinic's own (in its tree)."""

    preview_kind = KIND_ARTICLE

    requires_medical_review = True
    patient_visibility = "Patients see it on clinic websites only once a medical reviewer approved this exact revision."
    copy_form_class = ReviewedCopyForm

    summary = models.TextField(max_length=300, help_text="One or two sentences shown in lists and search results.")
    body = StreamField(ArticleBodyBlock())
    categories = ParentalManyToManyField("articles.ArticleCategory", blank=True, related_name="articles")
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)
    live_review = live_review_field()
    disclaimer = models.ForeignKey(
        "network.Disclaimer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown with the article in the reader's language where a reviewed translation exists.",
    )
    imported_from = models.CharField(
        max_length=255,
        blank=True,
        editable=False,
        help_text="The name of the file this article was imported from: importing it again updates this draft.",
    )

    # What an editor translates, compared with the source for the reviewer (network.translation).
    translated_fields = ("title", "summary", "body", "seo_title", "search_description")
    # A copy (a translation, a page copy) serves nothing under its source's approval.
    exclude_fields_in_copy = ["live_review", "imported_from"]

    base_form_class = ArticlePageForm
    content_panels = [
        ReviewStatusPanel(),
        TranslationSourcePanel(),
        ClaimsPanel(),
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        FieldPanel("disclaimer"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("locale_id"),
        index.FilterField("path"),
    ]
    parent_page_types = ["network.SharedLibraryPage", "clinics.ClinicHomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "article"

    def images_shown(self) -> list:
        """The images of the body's image blocks: what a medical approval covers with the text."""
        return [child.value["image"] for child in self.body if child.block_type == "image" and child.value["image"]]

    @property
    def review_interval_months(self) -> int | None:
        """The shortest review interval any of the article's categories asks for, if any."""
        intervals = [c.review_interval_months for c in self.categories.all() if c.review_interval_months]
        return min(intervals) if intervals else None


class SharedArticleOverride(models.Model):
    """A clinic's own setting for one shared article, in every locale: hide it, or pin it to the
    top of the clinic's lists. Neither is medical text: both take effect on save. The clinic's own
    words around the article are ``LocalArticleText``, reviewed."""

    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.CASCADE, related_name="article_overrides")
    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="clinic_overrides")
    hidden = models.BooleanField(default=False, help_text="Hide this shared article from the clinic's website.")
    pinned = models.BooleanField(
        default=False, help_text="Show this shared article first in the clinic's lists (searches rank by relevance)."
    )
    pin_order = models.PositiveSmallIntegerField(
        default=0, help_text="Among the clinic's pinned articles, lower numbers come first."
    )

    panels = [
        FieldPanel("clinic"),
        FieldPanel("article"),
        FieldPanel("hidden"),
        FieldPanel("pinned"),
        FieldPanel("pin_order"),
    ]
    base_form_class = ClinicOwnedForm  # its editors choose among their own clinics

    class Meta:
        verbose_name = "shared article override"
        constraints = [models.UniqueConstraint(fields=["clinic", "article"], name="one_override_per_clinic_article")]

    def __str__(self) -> str:
        return f"{self.clinic}: {self.article.title}"

    def clean(self):
        if self.article_id and not is_shared_article(article=self.article):
            raise ValidationError({"article": "Choose an article from the shared library."})
        if self.hidden and self.pinned:
            raise ValidationError({"pinned": "A hidden article is not shown, so it cannot be pinned: untick one."})


LOCAL_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class LocalArticleText(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, HeadlessPreviewMixin, index.Indexed, models.Model
):
    """A clinic's own words around one shared article in one locale: an introduction shown before
    the shared body, and a call to action in place of its contact block's. Patient-facing medical
    text: every edit is a revision, served only once a medical reviewer approved it."""

    requires_medical_review = True
    preview_kind = KIND_LOCAL_TEXT

    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.CASCADE, related_name="local_article_texts")
    article = models.ForeignKey(
        ArticlePage,
        on_delete=models.CASCADE,
        related_name="local_texts",
        help_text="The shared article, in the language of this text.",
    )
    introduction = RichTextField(
        features=LOCAL_TEXT_FEATURES, blank=True, help_text="Shown to the clinic's patients before the shared text."
    )
    call_to_action = models.CharField(
        max_length=255,
        blank=True,
        help_text="Replaces the call to action of the clinic's contact block in this article.",
    )
    # The master's live revision this text was last approved or confirmed against: when the
    # master's live revision is another, the text is out of date (``articles.overrides``).
    master_revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    live_review = live_review_field()

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="local_article_text")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="local_article_text",
        for_concrete_model=False,
    )

    translated_fields = ("introduction", "call_to_action")
    panels = [
        ReviewStatusPanel(),
        MasterChangedPanel(),
        ClaimsPanel(),
        FieldPanel("clinic"),
        FieldPanel("article"),
        FieldPanel("introduction"),
        FieldPanel("call_to_action"),
    ]
    base_form_class = ClinicOwnedForm
    search_fields = [
        index.SearchField("introduction"),
        index.SearchField("call_to_action"),
        index.FilterField("clinic_id"),  # the clinic-scoped chooser's search filters on it
    ]

    class Meta:
        verbose_name = "local text of a shared article"
        verbose_name_plural = "local texts of shared articles"
        constraints = [models.UniqueConstraint(fields=["clinic", "article"], name="one_local_text_per_clinic_article")]

    def __str__(self) -> str:
        return f"{self.clinic}: {self.article.title} ({self.article.locale.language_code})"

    @property
    def revisions(self):
        return self._revisions

    def drift(self) -> "Drift | None":
        return drift_of(self) if self.pk else None

    def clean(self):
        super().clean()
        if not self.article_id or not self.clinic_id:
            return
        if not is_shared_article(article=self.article):
            raise ValidationError({"article": "Choose an article from the shared library."})
        if not self.clinic.locales.filter(pk=self.article.locale_id).exists():
            language = self.article.locale.get_display_name()
            raise ValidationError(
                {
                    "article": f"{self.clinic} does not publish in {language}: choose its version in a language the clinic serves."
                }
            )
        if not (strip_tags(self.introduction).strip() or self.call_to_action.strip()):
            raise ValidationError("Write a local introduction, a local call to action, or both.")
        taken = LocalArticleText.objects.filter(clinic_id=self.clinic_id, article_id=self.article_id).exclude(
            pk=self.pk
        )
        if taken.exists():
            raise ValidationError({"article": f"{self.clinic} already has local text for this article: edit that one."})


# Drift: a local text is out of date when its shared article's live revision is not the one the
# text was last approved or confirmed against (``LocalArticleText.master_revision``). Here, not in
# ``articles.overrides``, because the edit view's notice (``articles.panels``) reads it.


def out_of_date(texts: QuerySet[LocalArticleText] | None = None) -> QuerySet[LocalArticleText]:
    """The approved local texts whose shared article has a live revision they were not approved
    or confirmed against."""
    texts = LocalArticleText.objects.all() if texts is None else texts
    return texts.filter(live=True, article__live=True, article__live_revision__isnull=False).exclude(
        Q(master_revision_id=F("article__live_revision_id"))
    )


@dataclass(frozen=True)
class Drift:
    changed_at: datetime.datetime  # when the master's live revision was approved (else published)
    since: datetime.datetime | None  # when the text was last approved or confirmed
    since_what: str  # "approved" or "confirmed"
    compare_url: str | None  # Wagtail's comparison of the master's two revisions
    confirm_url: str


def drift_of(text: LocalArticleText) -> Drift | None:
    """How the text's shared article changed since the text was approved or confirmed, if it did."""
    if not out_of_date(LocalArticleText.objects.filter(pk=text.pk)).exists():
        return None
    return describe_drift(text)


def describe_drift(text: LocalArticleText) -> Drift:
    """The ``Drift`` of a text known to be out of date."""
    article = text.article
    master_approval: MedicalReview | None = article.live_review
    text_approval: MedicalReview | None = text.live_review
    changed_at = master_approval.reviewed_at if master_approval else article.last_published_at
    approved_at = text_approval.reviewed_at if text_approval else None
    confirmed = text.confirmed_at is not None and (approved_at is None or text.confirmed_at > approved_at)
    compare_url = None
    if text.master_revision_id:
        compare_url = reverse(
            "wagtailadmin_pages:revisions_compare",
            args=(article.pk, text.master_revision_id, article.live_revision_id),
        )
    return Drift(
        changed_at=changed_at,
        since=text.confirmed_at if confirmed else approved_at,
        since_what="confirmed" if confirmed else "approved",
        compare_url=compare_url,
        confirm_url=reverse("articles_confirm_local_text", args=(text.pk,)),
    )


def library_for(*, locale: Locale) -> SharedLibraryPage | None:
    return SharedLibraryPage.objects.filter(locale=locale).first()


def is_shared_article(*, article: Page) -> bool:
    return SharedLibraryPage.objects.filter(path=article.path[: SharedLibraryPage.steplen * 2]).exists()


def slug_conflicts_for(*, slug: str, parent: Page, locale: Locale, exclude: Page | None) -> ArticlePage | None:
    """Another article with this slug that some clinic would serve beside a new one under ``parent``.

    Shared articles must be unique across the network; a clinic article must not clash with a
    shared one or another article of the same clinic. Two clinics may reuse a slug.
    """
    candidates = ArticlePage.objects.filter(slug=slug, locale=locale)
    if exclude is not None and exclude.pk:
        candidates = candidates.exclude(pk=exclude.pk)
    parent = parent.specific
    if isinstance(parent, ClinicHomePage):
        library = library_for(locale=locale)
        clash = Q(path__startswith=parent.path)
        if library is not None:
            clash |= Q(path__startswith=library.path)
        candidates = candidates.filter(clash)
    return candidates.first()
