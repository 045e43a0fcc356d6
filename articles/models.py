"""Articles: one page type for the shared library and for every clinic's own tree, and the tree
rules that the models validate with (which tree an article is in, which slugs clash). The rules
live here, not in ``articles.selectors``, because the selectors import these models."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.search import index

from clinics.forms import ClinicOwnedForm
from clinics.models import ClinicHomePage
from network.models import SharedLibraryPage, live_review_field
from network.publishing import ReviewedCopyForm, ReviewedPageMixin
from network.review_panels import ReviewStatusPanel
from network.translation_panel import TranslationSourcePanel

from .blocks import ArticleBodyBlock


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


class ArticlePage(ReviewedPageMixin, Page):
    """A patient-education article, shared (in the library) or a clinic's own (in its tree)."""

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

    # What an editor translates, compared with the source for the reviewer (network.translation).
    translated_fields = ("title", "summary", "body", "seo_title", "search_description")
    # A copy (a translation, a page copy) serves nothing under its source's approval.
    exclude_fields_in_copy = ["live_review"]

    base_form_class = ArticlePageForm
    content_panels = [
        ReviewStatusPanel(),
        TranslationSourcePanel(),
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
    """A clinic's own setting for one shared article, in every locale (today: hide it)."""

    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.CASCADE, related_name="article_overrides")
    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="clinic_overrides")
    hidden = models.BooleanField(default=True, help_text="Hide this shared article from the clinic's website.")

    panels = [FieldPanel("clinic"), FieldPanel("article"), FieldPanel("hidden")]
    base_form_class = ClinicOwnedForm  # its editors choose among their own clinics

    class Meta:
        verbose_name = "shared article override"
        constraints = [models.UniqueConstraint(fields=["clinic", "article"], name="one_override_per_clinic_article")]

    def __str__(self) -> str:
        return f"{self.clinic}: {self.article.title}"

    def clean(self):
        if self.article_id and not is_shared_article(article=self.article):
            raise ValidationError({"article": "Choose an article from the shared library."})


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
