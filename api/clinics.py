"""Clinics endpoints: the clinics a key may read, one clinic, and its contact block per locale."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from clinics.models import ContactBlock
from clinics.selectors import contact_block_for
from clinics.structure import ClinicProfile, LocaleRef, network_structure
from network.speed import cache
from network.speed import tags as cache_tags

from .delivery import DeliveryView, clinic_for_request, locale_for_request, reject_unknown_parameters
from .http_cache import Built, cached_response
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


@extend_schema_field(OpeningHoursSerializer(many=True))
class OpeningHoursField(serializers.Field):
    def to_representation(self, value):
        return [block.block.get_api_representation(block.value) for block in value]


class AddressSerializer(serializers.Serializer):
    street_address = serializers.CharField()
    locality = serializers.CharField()
    region = serializers.CharField()
    postal_code = serializers.CharField()
    country = serializers.CharField()


class ContactBlockSerializer(serializers.ModelSerializer):
    """A clinic's contact details in one locale; `locale` says which one was served."""

    locale = serializers.CharField(source="locale.language_code", help_text="The locale of these details.")
    clinic = serializers.CharField(source="clinic.slug", help_text="The clinic's slug.")
    address = serializers.SerializerMethodField()
    opening_hours = OpeningHoursField()

    class Meta:
        model = ContactBlock
        fields = ["clinic", "locale", "phone", "email", "address", "opening_hours", "booking_url", "call_to_action"]

    @extend_schema_field(AddressSerializer)
    def get_address(self, block: ContactBlock) -> dict[str, str]:
        return {
            "street_address": block.street_address,
            "locality": block.address_locality,
            "region": block.address_region,
            "postal_code": block.postal_code,
            "country": "US",
        }


class ClinicList(DeliveryView):
    """The clinics this key may read: every clinic for a network key, its own for a clinic key."""

    serializer_class = ClinicSerializer

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
        reject_unknown_parameters(request, {"page", "page_size"})
        client = request.auth.client

        def build() -> Built:
            clinics = sorted(network_structure().clinics.values(), key=lambda clinic: clinic.name)
            if client.clinic_id is not None:
                clinics = [clinic for clinic in clinics if clinic.pk == client.clinic_id]
            page = self.paginate_queryset(clinics)
            return Built(
                data=self.get_paginated_response(self.get_serializer(page, many=True).data).data,
                tags={cache_tags.STRUCTURE},
            )

        scope = cache_tags.clinic(client.clinic_id) if client.clinic_id else "network"
        return cached_response(request, identity=[scope], guard=cache_tags.clinic_content(None), build=build)


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
        reject_unknown_parameters(request, set())
        profile = clinic_for_request(request, clinic)
        return cached_response(
            request,
            identity=[],
            guard=cache_tags.clinic_content(None),
            build=lambda: Built(data=self.get_serializer(profile).data, tags={cache_tags.STRUCTURE}),
        )


class ClinicContact(DeliveryView):
    """The clinic's contact block in the locale, else in its default locale (``locale`` says which)."""

    serializer_class = ContactBlockSerializer

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
        reject_unknown_parameters(request, {"locale"})
        clinic = clinic_for_request(request, clinic)
        locale = locale_for_request(request, clinic)

        def build() -> Built:
            contact = contact_payload(clinic=clinic, locale=locale)
            if contact is None:
                raise NotFound(f"{clinic.name} has no published contact details yet.")
            return Built(
                data=contact,
                tags={cache_tags.STRUCTURE, cache_tags.clinic(clinic.pk)},
                content_language=contact["locale"],
            )

        return cached_response(
            request, identity=[locale.language_code], guard=cache_tags.clinic_content(clinic.pk), build=build
        )


def contact_payload(*, clinic: ClinicProfile, locale: LocaleRef) -> dict | None:
    """The clinic's serialised contact block for the locale, cached until the clinic changes."""

    def build():
        block = contact_block_for(clinic_id=clinic.pk, locale_id=locale.pk)
        return dict(ContactBlockSerializer(block).data) if block else None

    return cache.cached(f"delivery:contact:{clinic.pk}:{locale.pk}", tags=[cache_tags.clinic(clinic.pk)], build=build)
