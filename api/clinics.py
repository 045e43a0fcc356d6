"""Clinics endpoints: the clinics a key may read, one clinic, and its contact block per locale."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from clinics.selectors import contact_details_for
from clinics.structure import ClinicProfile, network_structure
from network.speed import tags as cache_tags

from .delivery import PAGE_PARAMETERS, DeliveryView, render
from .http_cache import Built
from .schema import ACCEPT_LANGUAGE, CLINIC, LOCALE, PAGE, PAGE_SIZE, answers

CLINIC_LINKS = ("clinic-detail", "clinic-contact", "article-list", "category-list", "tag-list", "sitemap")


class ClinicSerializer(serializers.Serializer):
    """A clinic of the network."""

    # Serialises a ``ClinicProfile`` of the cached network structure.

    slug = serializers.CharField(help_text="The clinic in the API's paths, e.g. `phoenix`.")
    name = serializers.CharField()
    city = serializers.CharField()
    state = serializers.CharField(help_text="Two-letter US state code.")
    time_zone = serializers.CharField(help_text="IANA time zone, e.g. America/Phoenix.")
    locales = serializers.SerializerMethodField()
    default_locale = serializers.CharField(source="default_language_code")
    frontend_base_url = serializers.URLField(help_text="The clinic's own website, where its article URLs start.")
    links = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.ListField(child=serializers.CharField(), help_text="The locales the clinic's website serves.")
    )
    def get_locales(self, clinic: ClinicProfile) -> list[str]:
        return [locale.language_code for locale in clinic.locales]

    @extend_schema_field(
        inline_serializer("ClinicLinks", {name.replace("-", "_"): serializers.URLField() for name in CLINIC_LINKS})
    )
    def get_links(self, clinic: ClinicProfile) -> dict[str, str]:
        request = self.context["request"]
        return {
            name.replace("-", "_"): request.build_absolute_uri(reverse(f"api:{name}", kwargs={"clinic": clinic.slug}))
            for name in CLINIC_LINKS
        }


class OpeningHoursSerializer(serializers.Serializer):
    day = serializers.ChoiceField(
        choices=["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
    opens = serializers.CharField(help_text="HH:MM, clinic's local time.")
    closes = serializers.CharField(help_text="HH:MM, clinic's local time.")
    note = serializers.CharField(allow_blank=True)


class AddressSerializer(serializers.Serializer):
    street_address = serializers.CharField()
    locality = serializers.CharField()
    region = serializers.CharField()
    postal_code = serializers.CharField()
    country = serializers.CharField()


class ContactBlockSerializer(serializers.Serializer):
    """A clinic's contact details in one locale; `locale` says which one was served."""

    # Renders ``clinics.selectors.ContactDetails``.
    clinic = serializers.CharField(help_text="The clinic's slug.")
    locale = serializers.CharField(help_text="The locale of these details.")
    phone = serializers.CharField()
    email = serializers.EmailField(allow_blank=True)
    address = AddressSerializer(source="*")
    opening_hours = OpeningHoursSerializer(many=True)
    booking_url = serializers.URLField(allow_blank=True)
    call_to_action = serializers.CharField()


class ClinicList(DeliveryView):
    """The clinics this key may read: every clinic for a network key, its own for a clinic key."""

    serializer_class = ClinicSerializer
    parameters = PAGE_PARAMETERS

    @extend_schema(
        operation_id="clinics_list",
        summary="List clinics",
        description="The clinics this key may read, by name: every clinic of the network for a network "
        "key, the clinic itself for a clinic's key. Each clinic's `links` lead to its content.",
        tags=["clinics"],
        parameters=[PAGE, PAGE_SIZE],
        responses=answers(ClinicSerializer(many=True), statuses=(400, 401, 406, 429)),
    )
    def get(self, request):
        self.accept(request)
        client = request.auth.client

        def build() -> Built:
            clinics = sorted(network_structure().clinics.values(), key=lambda clinic: clinic.name)
            if client.clinic_id is not None:
                clinics = [clinic for clinic in clinics if clinic.pk == client.clinic_id]
            page = self.paginate_queryset(clinics)
            data = self.get_paginated_response(render(ClinicSerializer, page, many=True, request=request))
            return Built(data=data.data, tags={cache_tags.STRUCTURE})

        scope = cache_tags.clinic(client.clinic_id) if client.clinic_id else "network"
        return self.answer(request, clinic=None, identity=[scope], build=build)


class ClinicDetail(DeliveryView):
    """One clinic: name, place, time zone, locales, website and links to its content."""

    serializer_class = ClinicSerializer

    @extend_schema(
        operation_id="clinic_detail",
        summary="Get a clinic",
        description="One clinic: its name, place and time zone, the locales its website serves (use them "
        "as `locale`), the address of that website (`frontend_base_url`, which article URLs start with) "
        "and links to its content.",
        tags=["clinics"],
        parameters=[CLINIC],
        responses=answers(ClinicSerializer),
    )
    def get(self, request, clinic):
        self.accept(request)
        profile = self.clinic(request, clinic)

        def build() -> Built:
            return Built(data=render(ClinicSerializer, profile, request=request), tags={cache_tags.STRUCTURE})

        return self.answer(request, clinic=None, identity=[], build=build)


class ClinicContact(DeliveryView):
    """The clinic's contact block in the locale, else in its default locale (``locale`` says which)."""

    serializer_class = ContactBlockSerializer
    parameters = frozenset({"locale"})

    @extend_schema(
        operation_id="clinic_contact",
        summary="Get the clinic's contact details",
        description="The clinic's phone, e-mail, address, opening hours (in the clinic's local time), "
        "booking link and call to action in the requested locale; where the clinic has none in that "
        "locale, in its default locale (`locale` says which was served). Articles carry the same block "
        "as their `contact`.",
        tags=["contact"],
        parameters=[CLINIC, LOCALE, ACCEPT_LANGUAGE],
        responses=answers(ContactBlockSerializer),
    )
    def get(self, request, clinic):
        self.accept(request)
        audience = self.audience(request, self.clinic(request, clinic))

        def build() -> Built:
            contact = contact_details_for(clinic_id=audience.clinic.pk, locale_id=audience.locale.pk)
            if contact is None:
                raise NotFound(f"{audience.clinic.name} has no published contact details yet.")
            tags = {cache_tags.STRUCTURE, cache_tags.clinic(audience.clinic.pk)}
            return Built(data=render(ContactBlockSerializer, contact), tags=tags, content_language=contact.locale)

        return self.answer(request, clinic=audience.clinic, identity=[audience.locale.language_code], build=build)
