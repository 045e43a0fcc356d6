"""Clinics of the network: each one a Wagtail Site with its own page tree and contact blocks."""

import zoneinfo

from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, Page, RevisionMixin, TranslatableMixin
from wagtail.search import index

from network.models import TranslatedAsDraftMixin
from network.models.preview import KIND_CONTACT, HeadlessPreviewMixin
from network.publishing import ReviewedPageMixin
from network.review_panels import ReviewStatusPanel
from network.translation_panel import TranslationSourcePanel

from .blocks import OpeningHoursBlock
from .forms import ClinicOwnedForm
from .panels import ClinicReadinessPanel

PHONE_VALIDATOR = RegexValidator(
    r"^\+?[0-9 ().-]{7,20}$", "Enter a phone number of digits, spaces, brackets, dots or dashes."
)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not an IANA time zone such as America/Phoenix.")


class ClinicHomePage(ReviewedPageMixin, Page):
    """Root of one clinic's page tree (the root page of its Site); its articles live below it."""

    patient_visibility = "Not shown to patients itself: its approved articles reach this clinic's website."

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["articles.ArticlePage"]
    content_panels = [*Page.content_panels, ClinicReadinessPanel()]

    class Meta:
        verbose_name = "clinic home"


class Clinic(index.Indexed, models.Model):
    """A clinic of the network and the front-end website that shows its content."""

    slug = models.SlugField(
        max_length=50, unique=True, help_text="Used in API paths: /api/v1/clinics/<slug>/. Never change it."
    )
    name = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2, help_text="Two-letter US state code, e.g. AZ.")
    time_zone = models.CharField(max_length=64, default="America/Phoenix", validators=[validate_time_zone])
    locales = models.ManyToManyField(
        "wagtailcore.Locale", related_name="clinics", help_text="Languages this clinic's website serves."
    )
    frontend_base_url = models.URLField(
        help_text="Base URL of the clinic's own website, e.g. https://www.example.com (no trailing slash)."
    )
    site = models.OneToOneField(
        "wagtailcore.Site", null=True, blank=True, editable=False, on_delete=models.PROTECT, related_name="clinic"
    )
    # The clinic's team: its editors' group and its image collection (clinics.services.ensure_clinic_editors_group).
    editors_group = models.OneToOneField(
        "auth.Group", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="clinic"
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="clinic",
    )

    panels = [
        ClinicReadinessPanel(),
        FieldPanel("name"),
        FieldPanel("slug"),
        MultiFieldPanel([FieldPanel("city"), FieldPanel("state"), FieldPanel("time_zone")], heading="Place"),
        FieldPanel("locales", widget=forms.CheckboxSelectMultiple),
        FieldPanel("frontend_base_url"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("slug")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        self.state = self.state.upper()
        if not self.state.isalpha() or len(self.state) != 2:
            raise ValidationError({"state": "Use the two-letter state code, e.g. AZ."})
        self.frontend_base_url = self.frontend_base_url.rstrip("/")

    @property
    def default_language_code(self) -> str:
        return settings.LANGUAGE_CODE


class ContactBlock(
    TranslatedAsDraftMixin,
    DraftStateMixin,
    RevisionMixin,
    HeadlessPreviewMixin,
    TranslatableMixin,
    index.Indexed,
    models.Model,
):
    """A clinic's contact details and call to action for one locale.

    Article bodies hold a placeholder that is replaced by the requesting clinic's contact block
    for the requested locale when the article is delivered.
    """

    preview_kind = KIND_CONTACT

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="contact_blocks")
    phone = models.CharField(max_length=32, validators=[PHONE_VALIDATOR])
    email = models.EmailField(blank=True)
    street_address = models.CharField(max_length=200)
    address_locality = models.CharField("city", max_length=100)
    address_region = models.CharField("state", max_length=2)
    postal_code = models.CharField(
        max_length=10, validators=[RegexValidator(r"^\d{5}(-\d{4})?$", "Use a US ZIP code.")]
    )
    opening_hours = StreamField([("hours", OpeningHoursBlock())], blank=True)
    booking_url = models.URLField(blank=True)
    call_to_action = models.CharField(max_length=200, help_text="e.g. 'Book a consultation' or 'Reserve una consulta'.")

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="contact_block")
    base_form_class = ClinicOwnedForm  # its editors choose among their own clinics

    panels = [
        ReviewStatusPanel(heading="Status"),
        TranslationSourcePanel(),
        FieldPanel("clinic"),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("email"), FieldPanel("booking_url")], heading="Reach us"),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldPanel("address_locality"),
                FieldPanel("address_region"),
                FieldPanel("postal_code"),
            ],
            heading="Address",
        ),
        FieldPanel("opening_hours"),
        FieldPanel("call_to_action"),
    ]
    search_fields = [index.FilterField("clinic_id"), index.SearchField("street_address")]
    translated_fields = ("call_to_action",)

    class Meta(TranslatableMixin.Meta):
        verbose_name = "contact block"
        constraints = [
            models.UniqueConstraint(fields=["clinic", "locale"], name="one_contact_block_per_clinic_and_locale")
        ]

    def __str__(self) -> str:
        return f"{self.clinic} contact ({self.locale.language_code})"

    def clean(self) -> None:
        # The admin form has no locale field (Wagtail sets it from the URL), so ModelForm
        # validation skips the clinic-and-locale constraint; without this, a second block is an
        # IntegrityError instead of a message.
        super().clean()
        if (
            self.clinic_id
            and self.locale_id
            and ContactBlock.objects.filter(clinic_id=self.clinic_id, locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {
                    "clinic": f"{self.clinic} already has a contact block in {self.locale.get_display_name()}. "
                    "Edit that one instead."
                }
            )

    def translation_refusal(self, *, locale) -> str:
        """Why this block cannot be translated into ``locale`` (Translate checks it first), or ""."""
        if not self.clinic.locales.filter(pk=locale.pk).exists():
            return f"{self.clinic} does not serve {locale.get_display_name()}: add the language to the clinic first."
        return ""

    @property
    def revisions(self):
        return self._revisions
